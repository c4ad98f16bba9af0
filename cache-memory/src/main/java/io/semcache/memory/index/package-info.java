/**
 * Vector search for the in-memory backend: maximum-inner-product search over unit vectors keyed by
 * {@code long}.
 *
 * <p>{@link io.semcache.memory.index.VectorIndexes#adaptive} is the entry point: it answers from an
 * exact scan over contiguous float storage while the index is small and from an HNSW graph once it
 * grows, switching in the background. Both implementations support cheap removal, so entries that the
 * cache evicts or expires never need a rebuild. This package is internal to {@code semcache-memory}.
 */
@NullMarked
package io.semcache.memory.index;

import org.jspecify.annotations.NullMarked;
