/**
 * For backend authors: what a backend implements. An {@link io.semcache.spi.EntryStore} holds
 * {@link io.semcache.spi.StoredEntry}s and answers searches with {@link
 * io.semcache.spi.ScoredEntry}s; {@link io.semcache.spi.SemanticCacheProvider} lets {@code
 * backend_type} in YAML find the backend. The engine that turns a store into a cache is in {@code
 * io.semcache.core}; the promises a store keeps are pinned by {@code EntryStoreContract} in the
 * cache-api test-jar. Application code does not need this package.
 */
@NullMarked
package io.semcache.spi;

import org.jspecify.annotations.NullMarked;
