package io.semcache;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, L2-normalised embedding of one text, together with the model that produced it and
 * whether the text had to be truncated to fit the model's window.
 *
 * <p>An embedding may stand for less than its text. A truncated one only represents a prefix: two
 * long prompts sharing that prefix would score 1.0. One with unknown tokens represents some of its
 * characters by nothing but the tokenizer's unknown token: {@code "Best 🍕 in Rome?"} and {@code
 * "Best 🍣 in Rome?"} become the same token sequence and score 1.0. The cache therefore only
 * searches and indexes {@linkplain #isComparable() comparable} embeddings; other prompts hit on
 * exact text only.
 */
public final class Embedding {

  private static final double UNIT_TOLERANCE = 1e-4;

  private final String modelId;
  private final float[] vector;
  private final boolean truncated;
  private final int tokenCount;
  private final int unknownTokenCount;

  private Embedding(String modelId, float[] vector, boolean truncated, int tokenCount,
      int unknownTokenCount) {
    this.modelId = modelId;
    this.vector = vector;
    this.truncated = truncated;
    this.tokenCount = tokenCount;
    this.unknownTokenCount = unknownTokenCount;
  }

  /**
   * Creates an embedding from a copy of {@code vector}, normalised to unit length.
   *
   * @param tokenCount tokens the model saw, or {@code -1} when unknown
   * @throws IllegalArgumentException if the vector is empty, has a non-finite component, or is all
   *     zeros
   */
  public static Embedding of(String modelId, float[] vector, boolean truncated, int tokenCount) {
    return of(modelId, vector, truncated, tokenCount, 0);
  }

  /**
   * Creates an embedding from a copy of {@code vector}, normalised to unit length.
   *
   * @param tokenCount tokens the model saw, or {@code -1} when unknown
   * @param unknownTokenCount how many of those tokens are the tokenizer's unknown token (text the
   *     model cannot represent); 0 when none or when the embedder cannot tell
   * @throws IllegalArgumentException if the vector is empty, has a non-finite component, or is all
   *     zeros, or a count is out of range
   */
  public static Embedding of(String modelId, float[] vector, boolean truncated, int tokenCount,
      int unknownTokenCount) {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(vector, "vector");
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("modelId: expected a non-blank model id");
    }
    if (vector.length == 0) {
      throw new IllegalArgumentException("vector: expected at least one component, got none");
    }
    if (tokenCount < -1) {
      throw new IllegalArgumentException("tokenCount: expected -1 (unknown) or >= 0, got " + tokenCount);
    }
    if (unknownTokenCount < 0 || (tokenCount >= 0 && unknownTokenCount > tokenCount)) {
      throw new IllegalArgumentException("unknownTokenCount: expected 0.." 
          + (tokenCount >= 0 ? tokenCount + " (tokenCount)" : "n") + ", got " + unknownTokenCount);
    }
    double sumOfSquares = 0;
    for (int i = 0; i < vector.length; i++) {
      float component = vector[i];
      if (!Float.isFinite(component)) {
        throw new IllegalArgumentException(
            "vector[" + i + "]: expected a finite number, got " + component);
      }
      sumOfSquares += (double) component * component;
    }
    if (sumOfSquares == 0) {
      throw new IllegalArgumentException("vector: expected a non-zero vector, got all zeros");
    }
    float[] copy = vector.clone();
    double norm = Math.sqrt(sumOfSquares);
    if (Math.abs(norm - 1.0) > UNIT_TOLERANCE) {
      for (int i = 0; i < copy.length; i++) {
        copy[i] = (float) (copy[i] / norm);
      }
    }
    return new Embedding(modelId, copy, truncated, tokenCount, unknownTokenCount);
  }

  /** Shorthand for an untruncated embedding with an unknown token count. */
  public static Embedding of(String modelId, float[] vector) {
    return of(modelId, vector, false, -1);
  }

  public String modelId() {
    return modelId;
  }

  public int dimension() {
    return vector.length;
  }

  /** Whether the text was cut to fit the model's window (see the class comment). */
  public boolean truncated() {
    return truncated;
  }

  /** Tokens the model saw after truncation, or {@code -1} when the embedder does not say. */
  public int tokenCount() {
    return tokenCount;
  }

  /**
   * Tokens of the text that the tokenizer could only map to its unknown token (characters outside
   * the model's vocabulary). 0 when there were none or the embedder does not say.
   */
  public int unknownTokenCount() {
    return unknownTokenCount;
  }

  /**
   * Whether this embedding stands for its whole text: not truncated, and no character was mapped to
   * the unknown token. Only comparable embeddings take part in semantic matching; the prompt of any
   * other one hits on identical text only (see the class comment).
   */
  public boolean isComparable() {
    return !truncated && unknownTokenCount == 0;
  }

  /** Component {@code i} of the unit vector. */
  public float component(int i) {
    return vector[i];
  }

  /** A copy of the unit vector. */
  public float[] toArray() {
    return vector.clone();
  }

  /** Copies the unit vector into {@code target} starting at {@code offset}. */
  public void copyInto(float[] target, int offset) {
    System.arraycopy(vector, 0, target, offset, vector.length);
  }

  /**
   * Cosine similarity with {@code other} (the inner product of two unit vectors), clamped to
   * [-1, 1].
   *
   * @throws IllegalArgumentException if the dimensions differ
   */
  public double cosine(Embedding other) {
    if (other.vector.length != vector.length) {
      throw new IllegalArgumentException(
          "other: expected dimension " + vector.length + ", got " + other.vector.length);
    }
    double dot = 0;
    for (int i = 0; i < vector.length; i++) {
      dot += (double) vector[i] * other.vector[i];
    }
    return Math.max(-1.0, Math.min(1.0, dot));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e
        && truncated == e.truncated
        && tokenCount == e.tokenCount
        && unknownTokenCount == e.unknownTokenCount
        && modelId.equals(e.modelId)
        && Arrays.equals(vector, e.vector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modelId, truncated, tokenCount, unknownTokenCount, Arrays.hashCode(vector));
  }

  @Override
  public String toString() {
    return "Embedding[model=" + modelId + ", dimension=" + vector.length
        + (truncated ? ", truncated" : "")
        + (unknownTokenCount > 0 ? ", " + unknownTokenCount + " unknown tokens" : "") + "]";
  }
}
