package io.semcache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A response to store, with per-entry options. */
public final class StoreRequest {

  private final CacheKey key;
  private final String response;
  private final @Nullable Duration ttl;
  private final @Nullable Embedding embedding;
  private final boolean errorResponse;

  private StoreRequest(Builder builder) {
    this.key = builder.key;
    this.response = builder.response;
    this.ttl = builder.ttl;
    this.embedding = builder.embedding;
    this.errorResponse = builder.errorResponse;
  }

  public static StoreRequest of(CacheKey key, String response) {
    return builder(key, response).build();
  }

  /**
   * Stores {@code response} for the prompt of a missed lookup, reusing the embedding the lookup
   * computed so the embedder does not run again.
   */
  public static StoreRequest forMiss(LookupResult.Miss miss, String response) {
    Objects.requireNonNull(miss, "miss");
    Builder builder = builder(miss.key(), response);
    miss.embedding().ifPresent(builder::embedding);
    return builder.build();
  }

  public static Builder builder(CacheKey key, String response) {
    return new Builder(key, response);
  }

  public CacheKey key() {
    return key;
  }

  public String response() {
    return response;
  }

  /** Time to live of this entry; the cache's default when empty. */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /**
   * Whether the caller marked the response as an error (a non-2xx answer, a finish reason of
   * {@code error}); the default {@link WritePolicy} refuses to store it.
   */
  public boolean isErrorResponse() {
    return errorResponse;
  }

  /** The prompt's embedding, when already computed. */
  public Optional<Embedding> embedding() {
    return Optional.ofNullable(embedding);
  }

  @Override
  public String toString() {
    return "StoreRequest[key=" + key + ", response=" + response.length() + " chars, ttl=" + ttl
        + ", embedding=" + embedding + "]";
  }

  /** Builds a {@link StoreRequest}; each option may be set once. */
  public static final class Builder extends PromptRequestBuilder<Builder> {
    private final String response;
    private @Nullable Duration ttl;
    private boolean errorResponse;

    private Builder(CacheKey key, String response) {
      super(key);
      this.response = Objects.requireNonNull(response, "response");
    }

    /**
     * Time to live, measured from the store: the entry is never returned once {@code ttl} has
     * passed (absolute expiry, the same in every backend).
     *
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     * @throws IllegalStateException if the ttl was already set
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      requireUnset("ttl", this.ttl);
      if (ttl.isZero() || ttl.isNegative()) {
        throw new IllegalArgumentException("ttl: expected a positive duration, got " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * Marks the response as an error (the model or the router failed, and this is its error
     * text), so that a {@link WritePolicy} can refuse it; the default one does.
     */
    public Builder errorResponse() {
      this.errorResponse = true;
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    public StoreRequest build() {
      return new StoreRequest(this);
    }
  }
}
