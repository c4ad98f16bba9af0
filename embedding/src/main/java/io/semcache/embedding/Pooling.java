package io.semcache.embedding;

import java.util.Locale;

/**
 * How a model's token embeddings become one sentence vector. Both are followed by L2
 * normalisation. The pooling a model was trained with is part of the model: pooling a CLS-trained
 * model by the mean (or the reverse) gives worse vectors, not an error, so it must be set right.
 */
public enum Pooling {
  /**
   * The mean of the token embeddings over the attention mask (padding left out): all-MiniLM-L6-v2,
   * e5-small-v2 and most sentence-transformers models.
   */
  MEAN,
  /** The first token's ({@code [CLS]}) embedding: the bge family (bge-small-en-v1.5). */
  CLS;

  /** The name used in YAML and in model ids: {@code mean} or {@code cls}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
