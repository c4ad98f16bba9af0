package io.semcache.spi;

import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.ResponseMetadata;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One cache entry as a backend stores it. Times are epoch milliseconds of the cache's clock.
 *
 * @param id derived from partition and prompt ({@link EntryId#of})
 * @param metadata the response's attributes and chunk boundaries
 * @param vector the prompt's unit embedding; always present on an entry being written when it is
 *     searchable, and null on one that is not; a store may leave it out of entries it reads back.
 *     Not copied, and never modified by anyone
 * @param searchable whether the entry takes part in semantic search; false when the embedder had
 *     to truncate the prompt, which then only matches on exact text
 * @param modelId the embedder that produced {@code vector}
 * @param expiresAtMillis the first instant at which the entry must no longer be returned
 * @param tags the facts the entry depends on, sorted ({@link EntryStore#deleteTagged})
 */
public record StoredEntry(
    EntryId id,
    Partition partition,
    String prompt,
    String response,
    ResponseMetadata metadata,
    float @Nullable [] vector,
    boolean searchable,
    String modelId,
    long createdAtMillis,
    long expiresAtMillis,
    Set<String> tags) {

  public StoredEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(tags, "tags");
    tags = tags.isEmpty() ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(tags));
    if (!searchable && vector != null) {
      throw new IllegalArgumentException("vector: expected none on an entry that is not searchable");
    }
    if (expiresAtMillis <= createdAtMillis) {
      throw new IllegalArgumentException("expiresAtMillis: expected after createdAtMillis "
          + createdAtMillis + ", got " + expiresAtMillis);
    }
  }

  /** An entry without metadata or tags. */
  public StoredEntry(EntryId id, Partition partition, String prompt, String response,
      float @Nullable [] vector, boolean searchable, String modelId, long createdAtMillis,
      long expiresAtMillis) {
    this(id, partition, prompt, response, ResponseMetadata.NONE, vector, searchable, modelId,
        createdAtMillis, expiresAtMillis, Set.of());
  }

  /** Whether the entry carries a response attribute, chunk boundaries or a tag. */
  public boolean hasMetadataOrTags() {
    return !metadata.isEmpty() || !tags.isEmpty();
  }

  /** Whether the entry may be returned at {@code nowMillis}. */
  public boolean isLiveAt(long nowMillis) {
    return nowMillis < expiresAtMillis;
  }

  /** Whether the entry takes part in semantic search (its prompt was not truncated). */
  public boolean isSemanticallySearchable() {
    return searchable;
  }
}
