package io.semcache.spi;

import io.semcache.EntryId;
import io.semcache.Partition;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One cache entry as a backend stores it. Times are epoch milliseconds of the cache's clock.
 *
 * @param id derived from partition and prompt ({@link EntryId#of})
 * @param vector the prompt's unit embedding, or null when the prompt was truncated by the embedder
 *     and must only match on exact text; not copied, and never modified by anyone
 * @param modelId the embedder that produced {@code vector}
 * @param expiresAtMillis the first instant at which the entry must no longer be returned
 */
public record StoredEntry(
    EntryId id,
    Partition partition,
    String prompt,
    String response,
    float @Nullable [] vector,
    String modelId,
    long createdAtMillis,
    long expiresAtMillis) {

  public StoredEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(modelId, "modelId");
    if (expiresAtMillis <= createdAtMillis) {
      throw new IllegalArgumentException("expiresAtMillis: expected after createdAtMillis "
          + createdAtMillis + ", got " + expiresAtMillis);
    }
  }

  /** Whether the entry may be returned at {@code nowMillis}. */
  public boolean isLiveAt(long nowMillis) {
    return nowMillis < expiresAtMillis;
  }

  /** Whether the entry takes part in semantic search (its prompt was not truncated). */
  public boolean isSemanticallySearchable() {
    return vector != null;
  }
}
