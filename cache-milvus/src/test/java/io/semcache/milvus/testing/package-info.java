/**
 * Test tooling for the Milvus backend: real Milvus-protocol servers for integration tests.
 *
 * <p>{@link io.semcache.milvus.testing.MilvusLiteServer} runs {@code milvus-lite server} (installed
 * by {@code scripts/install-milvus-lite.sh}) as a child process; {@link
 * io.semcache.milvus.testing.MilvusStandaloneServer} runs the real Milvus 2.3.5 standalone server
 * ({@code scripts/install-milvus-server.sh}; plain, or with authorization and TLS); {@link
 * io.semcache.milvus.testing.MilvusContainerServer} runs a {@code milvusdb/milvus} image through
 * Testcontainers when a Docker engine is reachable. Both are {@link
 * io.semcache.milvus.testing.MilvusTestServer}s, so one test body runs against either, and {@link
 * io.semcache.milvus.testing.WithMilvus} hands one to a test class (shared per JVM, or dedicated for
 * tests that stop, kill or restart it). {@link io.semcache.milvus.testing.MilvusProxy} sits in front
 * of either to add TLS (with {@link io.semcache.milvus.testing.TestCertificates}) or to stall, slow
 * down or cut connections. What milvus-lite does and does not implement is recorded in {@code
 * cache-milvus/MILVUS_LITE_NOTES.md}.
 */
@NullMarked
package io.semcache.milvus.testing;

import org.jspecify.annotations.NullMarked;
