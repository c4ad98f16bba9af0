package io.semcache;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One cache entry as it travels between caches: what {@link CacheEntries#exportTo} hands out and
 * {@link CacheEntries#importFrom} takes in. A warm-up pair is an entry with only a key and a
 * response ({@link #of}): it is embedded on import and lives the cache's default time to live.
 *
 * @param key partition and prompt
 * @param metadata the response's attributes and chunk boundaries
 * @param tags the facts the entry depends on, sorted
 * @param createdAt when the entry was first stored; kept on import, since {@code max-age}
 *     directives compare against it. Null: the moment of the import
 * @param expiresAt the first instant the entry must no longer be returned (absolute, like every
 *     backend's expiry). Null: the importing cache's default time to live from the import
 * @param embedding the prompt's embedding with its model id, exported on request; an import reuses
 *     it when the model id and dimension are the importing cache's. Null: the prompt is embedded
 */
public record TransferEntry(
    CacheKey key,
    String response,
    ResponseMetadata metadata,
    Set<String> tags,
    @Nullable Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Embedding embedding) {

  /**
   * @throws IllegalArgumentException if the chunk lengths do not cover the response, a tag is not
   *     valid ({@link TagInvalidation#requireValidTags}), or {@code expiresAt} is not after {@code
   *     createdAt}
   */
  public TransferEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(tags, "tags");
    metadata.requireCovers(response, "metadata");
    tags = TagInvalidation.requireValidTags(tags, "tags");
    if (createdAt != null && expiresAt != null && !expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("expiresAt: expected after createdAt " + createdAt
          + ", got " + expiresAt);
    }
  }

  /** A prompt/response pair to warm a cache with: embedded on import, default time to live. */
  public static TransferEntry of(CacheKey key, String response) {
    return new TransferEntry(key, response, ResponseMetadata.NONE, Set.of(), null, null, null);
  }

  /** This entry without its embedding, so that an import embeds the prompt again. */
  public TransferEntry withoutEmbedding() {
    return embedding == null ? this
        : new TransferEntry(key, response, metadata, tags, createdAt, expiresAt, null);
  }

  @Override
  public String toString() {
    return "TransferEntry[key=" + key + ", response=" + response.length() + " chars, metadata="
        + metadata + ", tags=" + tags + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt
        + ", embedding=" + embedding + "]";
  }
}
