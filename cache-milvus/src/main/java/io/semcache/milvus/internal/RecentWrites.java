package io.semcache.milvus.internal;

import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoredEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Read-your-own-writes without waiting for Milvus: the entries this store wrote (and the
 * deletions it made) in the last {@link #WINDOW}, searched beside Milvus, while Milvus itself is
 * read at bounded staleness.
 *
 * <p>Milvus makes a {@code Session} read wait until the client's latest write is visible, which
 * measured 100-300 ms on 2.3.5 right after a store. A {@code Bounded} read does not wait, but may
 * miss writes of the last few seconds (the server's {@code common.gracefulTime}, 5 s by default)
 * and may still return rows deleted in that time. This segment covers exactly that gap for the
 * store's own changes:
 *
 * <ul>
 *   <li>a lookup by id sees the store's recent write first;
 *   <li>a search adds the best recent entries of the partition (a brute-force dot product over a
 *       few vectors) to Milvus' candidates, the recent version of an id winning;
 *   <li>rows Milvus returns that this store deleted (by id, partition or everything) and that
 *       were created before that deletion are dropped.
 * </ul>
 *
 * <p>An entry leaves the segment once Milvus shows it and it is older than Milvus' bounded
 * staleness (5 s; the store checks the unconfirmed ids with one query every {@code 200 ms}, see
 * {@link #confirmed}), so another replica's deletion of it is hidden from this store for 5 s
 * and at the latest until its window ends.
 *
 * <p>Bounded to {@link #MAX_BYTES} of entries (text and vector); when an entry leaves before its
 * window ends, the store reads Milvus at {@code Session} again until that entry's window is over
 * ({@link #overflowed()}), so own writes stay visible. Other replicas' writes are not in here:
 * they become visible when Milvus shows them (measured and stated in the README).
 */
final class RecentWrites {

  /** Milvus' default bounded staleness ({@code common.gracefulTime}, 5 s). */
  static final long MIN_CONFIRMED_AGE_NANOS = Duration.ofSeconds(5).toNanos();

  /** Longer than the default bounded staleness (5 s) with a margin for clock skew and load. */
  static final Duration WINDOW = Duration.ofSeconds(10);
  static final long MAX_BYTES = 32L << 20;

  private record Recent(StoredEntry entry, long writtenNanos, long bytes) {}

  private final LongSupplier nanoTime;
  private final long windowNanos;
  private final LinkedHashMap<EntryId, Recent> entries = new LinkedHashMap<>();
  private final Map<EntryId, Tombstone> deletedIds = new HashMap<>();
  private final Map<String, Tombstone> deletedPartitions = new HashMap<>();
  private final Map<String, Tombstone> deletedTags = new HashMap<>();
  private @Nullable Tombstone deletedAll;
  private long bytes;
  private long overflowUntilNanos = Long.MIN_VALUE;

  /** A deletion: rows created at or before {@code createdUpToMillis} are gone. */
  private record Tombstone(long createdUpToMillis, long writtenNanos) {}

  RecentWrites(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.windowNanos = WINDOW.toNanos();
  }

  synchronized void stored(StoredEntry entry) {
    long now = nanoTime.getAsLong();
    expire(now);
    Recent previous = entries.remove(entry.id());
    if (previous != null) {
      bytes -= previous.bytes();
    }
    long size = 64L + 2L * (entry.prompt().length() + entry.response().length())
        + (entry.vector() == null ? 0 : 4L * entry.vector().length);
    entries.put(entry.id(), new Recent(entry, now, size));
    bytes += size;
    while (bytes > MAX_BYTES && !entries.isEmpty()) {
      Iterator<Recent> oldest = entries.values().iterator();
      Recent evicted = oldest.next();
      oldest.remove();
      bytes -= evicted.bytes();
      overflowUntilNanos = Math.max(overflowUntilNanos, evicted.writtenNanos() + windowNanos);
    }
  }

  synchronized void deleted(EntryId id, long nowMillis) {
    Recent previous = entries.remove(id);
    if (previous != null) {
      bytes -= previous.bytes();
    }
    deletedIds.put(id, new Tombstone(nowMillis, nanoTime.getAsLong()));
  }

  synchronized void deletedPartition(Partition partition, long nowMillis) {
    forget(entry -> entry.partition().equals(partition));
    deletedPartitions.put(partition.digest(), new Tombstone(nowMillis, nanoTime.getAsLong()));
  }

  synchronized void deletedTag(String tag, long nowMillis) {
    forget(entry -> entry.tags().contains(tag));
    deletedTags.put(tag, new Tombstone(nowMillis, nanoTime.getAsLong()));
  }

  synchronized void deletedAll(long nowMillis) {
    entries.clear();
    bytes = 0;
    deletedAll = new Tombstone(nowMillis, nanoTime.getAsLong());
  }

  private void forget(java.util.function.Predicate<StoredEntry> deleted) {
    entries.values().removeIf(r -> {
      boolean match = deleted.test(r.entry());
      if (match) {
        bytes -= r.bytes();
      }
      return match;
    });
  }

  /** Whether entries left before their window ended, so Milvus must be read at Session. */
  synchronized boolean overflowed() {
    return nanoTime.getAsLong() < overflowUntilNanos;
  }

  /** This store's recent write of {@code id}, if live at {@code nowMillis}. */
  synchronized Optional<StoredEntry> get(EntryId id, long nowMillis) {
    expire(nanoTime.getAsLong());
    Recent recent = entries.get(id);
    return recent != null && recent.entry().isLiveAt(nowMillis)
        ? Optional.of(recent.entry()) : Optional.empty();
  }

  /** Whether Milvus' copy of {@code entry} is one this store deleted since (drop it). */
  synchronized boolean deletedSince(StoredEntry entry) {
    expire(nanoTime.getAsLong());
    long created = entry.createdAtMillis();
    Tombstone byId = deletedIds.get(entry.id());
    Tombstone byPartition = deletedPartitions.get(entry.partition().digest());
    if (covers(byId, created) || covers(byPartition, created) || covers(deletedAll, created)) {
      return true;
    }
    for (String tag : entry.tags()) {
      if (covers(deletedTags.get(tag), created)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Milvus' candidates merged with this store's recent entries of {@code partition}: recent
   * versions replace Milvus' copies, deleted rows are dropped, best first, at most {@code limit}.
   */
  synchronized List<ScoredEntry> merge(List<ScoredEntry> fromMilvus, Partition partition,
      float[] query, int limit, long nowMillis) {
    expire(nanoTime.getAsLong());
    Map<EntryId, ScoredEntry> merged = new LinkedHashMap<>();
    for (ScoredEntry candidate : fromMilvus) {
      if (!entries.containsKey(candidate.entry().id()) && !deletedSince(candidate.entry())) {
        merged.put(candidate.entry().id(), candidate);
      }
    }
    for (Recent recent : entries.values()) {
      StoredEntry entry = recent.entry();
      float[] vector = entry.vector();
      if (vector != null && entry.searchable() && entry.partition().equals(partition)
          && entry.isLiveAt(nowMillis) && vector.length == query.length) {
        merged.put(entry.id(), new ScoredEntry(entry, Similarity.fromScore((float) dot(vector, query))));
      }
    }
    List<ScoredEntry> best = new ArrayList<>(merged.values());
    best.sort(Comparator.comparingDouble(ScoredEntry::similarity).reversed());
    return best.size() > limit ? List.copyOf(best.subList(0, limit)) : best;
  }

  /** Ids of entries still waiting for Milvus to show them, oldest first, at most {@code max}. */
  synchronized List<EntryId> unconfirmed(int max) {
    expire(nanoTime.getAsLong());
    List<EntryId> ids = new ArrayList<>(Math.min(max, entries.size()));
    for (EntryId id : entries.keySet()) {
      if (ids.size() == max) {
        break;
      }
      ids.add(id);
    }
    return ids;
  }

  /**
   * Milvus showed the row {@code id} created at {@code createdAtMillis}: if that is this store's
   * recent version, it leaves the segment, so that from now on Milvus alone answers for it (and
   * another replica's later deletion is seen as soon as Milvus shows it).
   */
  synchronized void confirmed(EntryId id, @Nullable Long createdAtMillis) {
    Recent recent = entries.get(id);
    // A query that shows the row does not prove that a search at bounded staleness will: only
    // once the write is older than that staleness is it in every Bounded read. (On 2.3.5 a
    // search right after a confirming query missed a row.)
    if (recent == null || nanoTime.getAsLong() - recent.writtenNanos() < MIN_CONFIRMED_AGE_NANOS) {
      return;
    }
    // Without a readable created_at (a server that returns none), any row of the id confirms.
    if (createdAtMillis == null || recent.entry().createdAtMillis() == createdAtMillis) {
      entries.remove(id);
      bytes -= recent.bytes();
    }
  }

  /** Entries and deletions of this store's in the window, for tests. */
  synchronized int size() {
    return entries.size();
  }

  private static boolean covers(@Nullable Tombstone tombstone, long createdAtMillis) {
    return tombstone != null && createdAtMillis <= tombstone.createdUpToMillis();
  }

  private void expire(long now) {
    Iterator<Recent> oldest = entries.values().iterator();
    while (oldest.hasNext()) {
      Recent recent = oldest.next();
      if (now - recent.writtenNanos() < windowNanos) {
        break; // insertion order: the rest are younger
      }
      oldest.remove();
      bytes -= recent.bytes();
    }
    deletedIds.values().removeIf(t -> now - t.writtenNanos() >= windowNanos);
    deletedPartitions.values().removeIf(t -> now - t.writtenNanos() >= windowNanos);
    deletedTags.values().removeIf(t -> now - t.writtenNanos() >= windowNanos);
    if (deletedAll != null && now - deletedAll.writtenNanos() >= windowNanos) {
      deletedAll = null;
    }
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }
}
