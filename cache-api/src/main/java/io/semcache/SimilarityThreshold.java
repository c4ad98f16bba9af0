package io.semcache;

/**
 * The lowest similarity that counts as a semantic hit. Similarity means the cosine of the two
 * prompts' L2-normalised embeddings, which equals their inner product (Milvus metric {@code IP}):
 * 1.0 is the same direction, higher is closer. A candidate hits when {@code similarity >= value}.
 *
 * @param value in [0, 1]
 */
public record SimilarityThreshold(double value) {

  /** The default threshold of every cache; see the README for how it was chosen. */
  public static final SimilarityThreshold DEFAULT = new SimilarityThreshold(0.84);

  /**
   * @throws IllegalArgumentException if {@code value} is outside [0, 1] or not a number
   */
  public SimilarityThreshold {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(
          "similarityThreshold: expected a cosine similarity in [0, 1], got " + value);
    }
  }

  public static SimilarityThreshold of(double value) {
    return new SimilarityThreshold(value);
  }

  /** Whether {@code similarity} is at or above this threshold. */
  public boolean accepts(double similarity) {
    return similarity >= value;
  }
}
