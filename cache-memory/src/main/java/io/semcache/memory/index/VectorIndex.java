package io.semcache.memory.index;

import java.util.List;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Maximum-inner-product search over unit vectors keyed by {@code long}. For unit vectors the inner
 * product is the cosine similarity, so a higher score is closer.
 *
 * <p>Implementations are thread-safe: searches, puts and removes may run concurrently from any
 * number of threads. A search never returns a key whose removal completed before the search began.
 */
public interface VectorIndex {

  /** The number of floats in every stored and queried vector. */
  int dimension();

  /** The number of live (put and not removed) vectors. */
  int size();

  /**
   * Adds a vector, or replaces the vector stored under {@code key}. The index copies the array, so the
   * caller may reuse it.
   *
   * @throws NullPointerException if {@code unitVector} is null
   * @throws IllegalArgumentException if {@code unitVector} does not have {@link #dimension()} floats,
   *     holds a non-finite value, or its L2 norm is not 1 (within 1e-3)
   */
  void put(long key, float[] unitVector);

  /**
   * Removes the vector stored under {@code key}. This is cheap: no implementation rebuilds anything.
   *
   * @return whether a vector was stored under {@code key}
   */
  boolean remove(long key);

  /**
   * Returns up to {@code k} live keys with the highest inner product with {@code unitQuery}, best
   * first, skipping keys that {@code accept} rejects. Returns fewer than {@code k} results when fewer
   * keys qualify. {@code accept} is called outside of any index lock, so it may call back into the
   * index (for example a cache whose read triggers an eviction that removes a key); it may be called
   * more than once for the same key.
   *
   * @throws NullPointerException if {@code unitQuery} or {@code accept} is null
   * @throws IllegalArgumentException if {@code k < 1}, or {@code unitQuery} fails the checks of
   *     {@link #put}
   */
  List<ScoredKey> search(float[] unitQuery, int k, LongPredicate accept);

  /**
   * A copy of the vector stored under {@code key}, or null when there is none; for an export of
   * the entries. Indexes that keep no vectors they could hand back throw.
   *
   * @throws UnsupportedOperationException if this index cannot return vectors (the default)
   */
  default float @Nullable [] vector(long key) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot return vectors");
  }

  /** Removes every vector. */
  void clear();
}
