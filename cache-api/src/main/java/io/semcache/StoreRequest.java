package io.semcache;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A response to store, with per-entry options. */
public final class StoreRequest {

  private final CacheKey key;
  private final String response;
  private final ResponseMetadata metadata;
  private final Set<String> tags;
  private final @Nullable Duration ttl;
  private final @Nullable Embedding embedding;
  private final boolean errorResponse;

  private StoreRequest(Builder builder) {
    this.key = builder.key;
    this.response = builder.response;
    this.metadata = builder.metadata;
    this.tags = builder.tags;
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

  /**
   * A request storing {@code response}'s text, metadata and tags; an {@link Response#error() error}
   * response is marked as one.
   */
  public static Builder builder(CacheKey key, Response response) {
    Objects.requireNonNull(response, "response");
    Builder builder = new Builder(key, response.text()).metadata(response.metadata())
        .tags(response.tags());
    if (response.error()) {
      builder.errorResponse();
    }
    return builder;
  }

  public CacheKey key() {
    return key;
  }

  public String response() {
    return response;
  }

  /** The response's attributes and chunk boundaries; {@link ResponseMetadata#NONE} by default. */
  public ResponseMetadata metadata() {
    return metadata;
  }

  /** The response with its metadata. */
  public Response asResponse() {
    return new Response(response, metadata, tags, errorResponse);
  }

  /** The facts this entry depends on, for {@link SemanticCache#invalidateByTag}; sorted. */
  public Set<String> tags() {
    return tags;
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
    return "StoreRequest[key=" + key + ", response=" + response.length() + " chars, metadata="
        + metadata + ", tags=" + tags + ", ttl=" + ttl + ", embedding=" + embedding + "]";
  }

  /** Builds a {@link StoreRequest}; each option may be set once. */
  public static final class Builder extends PromptRequestBuilder<Builder> {
    private final String response;
    private ResponseMetadata metadata = ResponseMetadata.NONE;
    private boolean metadataSet;
    private Set<String> tags = Set.of();
    private boolean tagsSet;
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
     * The response's attributes (finish reason, token usage...) and chunk boundaries.
     *
     * @throws IllegalArgumentException if the chunk lengths do not add up to the response's length
     * @throws IllegalStateException if the metadata was already set
     */
    public Builder metadata(ResponseMetadata metadata) {
      Objects.requireNonNull(metadata, "metadata");
      if (metadataSet) {
        throw new IllegalStateException("metadata: already set");
      }
      metadata.requireCovers(response, "metadata");
      this.metadata = metadata;
      this.metadataSet = true;
      return this;
    }

    /** {@link #tags(Collection)} of these tags. */
    public Builder tags(String... tags) {
      Objects.requireNonNull(tags, "tags");
      return tags(Arrays.asList(tags));
    }

    /**
     * The facts the response depends on ({@code price-list}, {@code policy-2026}):
     * {@link SemanticCache#invalidateByTag} removes every entry carrying a tag. Duplicates count
     * once.
     *
     * @throws IllegalArgumentException if a tag is not 1 to {@value
     *     TagInvalidation#MAX_TAG_LENGTH} chars of {@code [A-Za-z0-9_.:-]}, or there are more than
     *     {@value TagInvalidation#MAX_TAGS_PER_ENTRY}
     * @throws IllegalStateException if the tags were already set
     */
    public Builder tags(Collection<String> tags) {
      Objects.requireNonNull(tags, "tags");
      if (tagsSet) {
        throw new IllegalStateException("tags: already set");
      }
      this.tags = TagInvalidation.requireValidTags(tags, "tags");
      this.tagsSet = true;
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
