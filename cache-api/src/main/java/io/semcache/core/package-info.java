/**
 * The engine every backend shares, and the two public entry points to it: {@link
 * io.semcache.core.SemanticCacheBuilder}, which each backend's builder extends to turn its {@link
 * io.semcache.spi.EntryStore} into a {@link io.semcache.SemanticCache}, and {@link
 * io.semcache.core.SemanticCaches}, which does the same from the router's YAML. Exact-text hits,
 * thresholds, hit verification, get-or-load coalescing (streamed loads too: {@code ChunkLog}), the
 * failure policy, the async executor and metrics are here once, so every backend behaves the same;
 * all of it is package-private.
 *
 * <p>Dependencies run one way: {@code io.semcache} (the API) ← {@code verify} ← {@code config} ←
 * {@code spi} ← {@code core} ← backends ({@code PackageDependenciesTest} in the benchmarks
 * module checks it).
 */
@NullMarked
package io.semcache.core;

import org.jspecify.annotations.NullMarked;
