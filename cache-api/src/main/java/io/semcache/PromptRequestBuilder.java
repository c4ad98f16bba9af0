package io.semcache;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the builders of {@link LookupRequest} and {@link StoreRequest} share: the key, the optional
 * precomputed embedding, and the rule that each option may be set once.
 */
abstract class PromptRequestBuilder<B extends PromptRequestBuilder<B>> {

  final CacheKey key;
  @Nullable Embedding embedding;

  PromptRequestBuilder(CacheKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /**
   * Supplies the prompt's embedding, computed by the same model as the cache's embedder (checked
   * when the request is used), so the embedder does not run.
   *
   * @throws IllegalStateException if the embedding was already set
   */
  public B embedding(Embedding embedding) {
    Objects.requireNonNull(embedding, "embedding");
    requireUnset("embedding", this.embedding);
    this.embedding = embedding;
    return self();
  }

  abstract B self();

  static void requireUnset(String option, @Nullable Object current) {
    if (current != null) {
      throw new IllegalStateException(option + " was already set to " + current);
    }
  }
}
