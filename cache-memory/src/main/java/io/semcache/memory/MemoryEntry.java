package io.semcache.memory;

import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.ResponseMetadata;
import io.semcache.spi.StoredEntry;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An entry as the memory store holds it: the fields of its {@link StoredEntry} without the vector
 * (the partition's index holds the only copy; nothing reads a vector back from an entry), and the
 * key of that vector in the index. Flat rather than wrapping the stored record, and without the
 * two references to metadata and tags that most entries leave empty: 64 bytes an entry where the
 * record and its wrapper took 96.
 */
final class MemoryEntry {

  /** {@link #indexKey()} of an entry whose vector is not in an index (yet, or at all). */
  static final long NOT_INDEXED = -1;

  final EntryId id;
  final Partition partition;
  final String prompt;
  final String response;
  final String modelId;
  /** The entry as stored, less its vector, when it carries metadata or tags; else null. */
  private final @Nullable StoredEntry withExtras;
  final long createdAtMillis;
  final long expiresAtMillis;
  final boolean searchable;
  /** Whether the vector goes to the partition's index (the entry takes part in search). */
  final boolean hasVector;
  /** Set under the partition index's lock when the vector is indexed; read without it. */
  private volatile long indexKey = NOT_INDEXED;

  /** {@code stored}'s fields, in {@code partition} (an instance the store already holds). */
  MemoryEntry(StoredEntry stored, Partition partition) {
    this.id = stored.id();
    this.partition = partition;
    this.prompt = stored.prompt();
    this.response = stored.response();
    this.modelId = stored.modelId();
    this.createdAtMillis = stored.createdAtMillis();
    this.expiresAtMillis = stored.expiresAtMillis();
    this.searchable = stored.searchable();
    this.hasVector = stored.vector() != null;
    this.withExtras = !stored.hasMetadataOrTags() ? null
        : new StoredEntry(stored.id(), partition, stored.prompt(), stored.response(),
            stored.metadata(), null, stored.searchable(), stored.modelId(),
            stored.createdAtMillis(), stored.expiresAtMillis(), stored.tags());
  }

  /** The entry as the SPI returns it, without its vector. */
  StoredEntry stored() {
    StoredEntry extras = withExtras;
    if (extras != null) {
      return extras;
    }
    return new StoredEntry(id, partition, prompt, response, ResponseMetadata.NONE, null,
        searchable, modelId, createdAtMillis, expiresAtMillis, Set.of());
  }

  /** The entry as the SPI returns it, with {@code vector}. */
  StoredEntry storedWith(float[] vector) {
    StoredEntry extras = withExtras;
    return new StoredEntry(id, partition, prompt, response,
        extras == null ? ResponseMetadata.NONE : extras.metadata(), vector, true, modelId,
        createdAtMillis, expiresAtMillis, tags());
  }

  Set<String> tags() {
    StoredEntry extras = withExtras;
    return extras == null ? Set.of() : extras.tags();
  }

  /** The metadata and tags, for the weigher; null when the entry has neither. */
  @Nullable StoredEntry extras() {
    return withExtras;
  }

  boolean isLiveAt(long nowMillis) {
    return nowMillis < expiresAtMillis;
  }

  long indexKey() {
    return indexKey;
  }

  void indexKey(long key) {
    this.indexKey = key;
  }
}
