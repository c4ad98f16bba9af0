/**
 * Vector search for the in-memory backend: maximum-inner-product search over unit vectors keyed by
 * {@code long}.
 *
 * <p>This package is internal to the memory backend ({@code semcache-memory}) and is not a public
 * API: its few public types ({@link io.semcache.memory.index.VectorIndex}, {@link
 * io.semcache.memory.index.VectorIndexes} and their options and results) are public only so that
 * {@code io.semcache.memory} and the project's benchmarks can use them, and may change in any
 * release. Users configure search through the memory cache's builder.
 *
 * <p>{@link io.semcache.memory.index.VectorIndexes#adaptive} is the entry point: it answers from an
 * exact scan over contiguous float storage while the index is small and from an HNSW graph once it
 * grows, switching in the background. Both implementations support cheap removal, so entries that the
 * cache evicts or expires never need a rebuild. The graph's storage ({@code HnswGraph}: slots,
 * vectors, adjacency, free list, entry point) is kept apart from its algorithms ({@code
 * HnswVectorIndex}: insert, search, repair).
 */
@NullMarked
package io.semcache.memory.index;

import org.jspecify.annotations.NullMarked;
