package io.semcache;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A lookup with per-call options. {@link SemanticCache#lookup(CacheKey)} is the shorthand for a
 * request with no options.
 */
public final class LookupRequest {

  private final CacheKey key;
  private final @Nullable SimilarityThreshold threshold;
  private final @Nullable Embedding embedding;
  private final CacheControl cacheControl;

  private LookupRequest(Builder builder) {
    this.key = builder.key;
    this.threshold = builder.threshold;
    this.embedding = builder.embedding;
    this.cacheControl = builder.cacheControl == null ? CacheControl.none() : builder.cacheControl;
  }

  public static LookupRequest of(CacheKey key) {
    return builder(key).build();
  }

  public static Builder builder(CacheKey key) {
    return new Builder(key);
  }

  public CacheKey key() {
    return key;
  }

  /** The threshold for this call, overriding the partition's and the cache's default. */
  public Optional<SimilarityThreshold> threshold() {
    return Optional.ofNullable(threshold);
  }

  /** A precomputed embedding of the prompt, used instead of running the cache's embedder. */
  public Optional<Embedding> embedding() {
    return Optional.ofNullable(embedding);
  }

  /** What this request allows the cache to do; {@link CacheControl#none()} unless set. */
  public CacheControl cacheControl() {
    return cacheControl;
  }

  @Override
  public String toString() {
    return "LookupRequest[key=" + key + ", threshold=" + threshold + ", embedding=" + embedding
        + (cacheControl.isNone() ? "" : ", " + cacheControl) + "]";
  }

  /** Builds a {@link LookupRequest}; each option may be set once. */
  public static final class Builder extends PromptRequestBuilder<Builder> {
    private @Nullable SimilarityThreshold threshold;
    private @Nullable CacheControl cacheControl;

    private Builder(CacheKey key) {
      super(key);
    }

    /**
     * @throws IllegalArgumentException if {@code threshold} is outside [0, 1]
     * @throws IllegalStateException if the threshold was already set
     */
    public Builder threshold(double threshold) {
      requireUnset("threshold", this.threshold == null ? null : this.threshold.value());
      this.threshold = SimilarityThreshold.of(threshold);
      return this;
    }

    /**
     * The request's cache directives (no-store, no-cache, max-age, ttl).
     *
     * @throws IllegalStateException if already set
     */
    public Builder cacheControl(CacheControl cacheControl) {
      Objects.requireNonNull(cacheControl, "cacheControl");
      requireUnset("cacheControl", this.cacheControl);
      this.cacheControl = cacheControl;
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    public LookupRequest build() {
      return new LookupRequest(this);
    }
  }
}
