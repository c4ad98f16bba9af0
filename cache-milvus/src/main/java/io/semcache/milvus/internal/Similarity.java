package io.semcache.milvus.internal;

/**
 * Milvus scores to cosine similarities, in one place. The cache stores unit vectors and the
 * collection measures IP or COSINE, so the score is already the cosine; only float rounding can
 * push it a hair outside [-1, 1], which is clamped.
 */
public final class Similarity {

  private Similarity() {}

  /** The cosine similarity for a search score of an IP or COSINE index over unit vectors. */
  public static double fromScore(float score) {
    if (Float.isNaN(score)) {
      return -1.0;
    }
    return Math.max(-1.0, Math.min(1.0, score));
  }
}
