package io.semcache.spi;

import io.semcache.EntryId;
import io.semcache.IncompatibleEmbedderException;
import io.semcache.Partition;
import io.semcache.StoreOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a backend keeps entries and searches their vectors. The cache built on top ({@link
 * SemanticCacheBuilder}) handles thresholds, exact-text shortcuts, coalescing, metrics and failure
 * policy; a store only stores and searches.
 *
 * <p>Stores must be thread-safe. They may throw any runtime exception on failure; the cache turns
 * it into a miss or a failed store according to its failure mode. They must never return an entry
 * of another partition or one that is not live at {@code nowMillis}; the cache checks again anyway.
 */
public interface EntryStore extends AutoCloseable {

  /** Short name, the {@code backend} tag on metrics. */
  String backendName();

  /**
   * Called once before any other method. A store that persists entries checks here that they were
   * written by the same embedder.
   *
   * @throws IncompatibleEmbedderException if stored entries use another model id or dimension
   */
  void open(StoreContext context);

  /** The live entry with this id, if any. The exact-text path: no vector involved. */
  Optional<StoredEntry> get(EntryId id, long nowMillis);

  /**
   * Up to {@code limit} live, semantically searchable entries of {@code partition} closest to the
   * unit vector {@code query}, best first. Only searchable entries: the cache trusts this, so a
   * truncated prompt's entry must never come back from a search. The entries need not carry their
   * vector.
   */
  List<ScoredEntry> search(Partition partition, float[] query, int limit, long nowMillis);

  /**
   * Adds or replaces the entry with the same id.
   *
   * @return {@link StoreOutcome#STORED}, or why the store refused without failing ({@link
   *     StoreOutcome#REFUSED_TOO_LARGE}, {@link StoreOutcome#DROPPED})
   */
  StoreOutcome upsert(StoredEntry entry);

  /**
   * Adds or replaces several entries, for a bulk import: a backend with a round trip per call
   * writes them in one. The default upserts them one at a time.
   *
   * @return for each entry, in order, null when it was stored, or why it was not: the refusal
   *     {@link #upsert} would have thrown, or {@link StoreOutcome#DROPPED} for one it returned
   * @throws RuntimeException when the backend fails; the entries before it may have been written
   */
  default List<@Nullable EntryRefusedException> upsertAll(List<StoredEntry> entries) {
    List<@Nullable EntryRefusedException> outcomes = new ArrayList<>(entries.size());
    for (StoredEntry entry : entries) {
      try {
        StoreOutcome outcome = upsert(entry);
        outcomes.add(outcome == StoreOutcome.STORED ? null
            : new EntryRefusedException(outcome, "refused by the " + backendName() + " backend"));
      } catch (EntryRefusedException refused) {
        outcomes.add(refused);
      }
    }
    return outcomes;
  }

  /**
   * Removes the entry with this id.
   *
   * @return whether a live entry (not expired) was removed
   */
  boolean delete(EntryId id);

  void deletePartition(Partition partition);

  void deleteAll();

  /**
   * Whether this store keeps tags and response metadata and can find entries by tag. A store that
   * cannot must refuse entries that carry either ({@link EntryRefusedException} with {@link
   * StoreOutcome#REFUSED_UNSUPPORTED}), so no tagged entry escapes an invalidation.
   */
  default boolean supportsTags() {
    return false;
  }

  /**
   * The number of live entries carrying {@code tag}, in every partition.
   *
   * @throws UnsupportedOperationException if {@link #supportsTags()} is false
   */
  default long countTagged(String tag, long nowMillis) {
    throw new UnsupportedOperationException(backendName() + " cannot find entries by tag");
  }

  /**
   * Removes every entry carrying {@code tag}, in every partition.
   *
   * @return the number of live entries removed
   * @throws UnsupportedOperationException if {@link #supportsTags()} is false
   */
  default long deleteTagged(String tag, long nowMillis) {
    throw new UnsupportedOperationException(backendName() + " cannot find entries by tag");
  }

  /**
   * Up to {@code limit} entries live at {@code nowMillis} whose id is after {@code after} (all when
   * null), in ascending order of {@link EntryId#value()}, each with its vector when it is
   * searchable: a page of an export, which resumes after the last id of the page, and ends at the
   * first page with fewer than {@code limit} entries. An entry stored or removed while pages are
   * read may or may not appear; no entry appears twice.
   *
   * @throws UnsupportedOperationException if the store cannot list its entries (the default)
   */
  default List<StoredEntry> scan(@Nullable EntryId after, int limit, long nowMillis) {
    throw new UnsupportedOperationException("the " + backendName()
        + " backend cannot list its entries (EntryStore.scan), so it cannot be exported");
  }

  /** Live entries, approximately; must be cheap (it backs a gauge). */
  long estimatedSize();

  @Override
  void close();
}
