package io.semcache.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.StoreOutcome;
import io.semcache.memory.index.AdaptiveIndexOptions;
import io.semcache.memory.index.ScoredKey;
import io.semcache.memory.index.VectorIndex;
import io.semcache.memory.index.VectorIndexes;
import io.semcache.spi.EntryRefusedException;
import io.semcache.spi.EntryStore;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoreContext;
import io.semcache.spi.StoredEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Entries in Caffeine, vectors in one index per partition.
 *
 * <p>Caffeine decides what lives: its bound, its expiry, its W-TinyLFU policy. The indexes follow:
 * every entry gets a fresh index key when stored, and Caffeine's eviction listener and our
 * explicit removals take that key out of the partition's index. Because an index key can outlive
 * its entry for a moment (an eviction racing a store), a search only accepts keys whose entry is
 * still the one Caffeine holds and is live at the cache's clock; a stale key it meets is removed on
 * the spot, so dropped entries cannot slow search down for long.
 */
final class MemoryEntryStore implements EntryStore {

  static final int DEFAULT_EXACT_SEARCH_LIMIT = AdaptiveIndexOptions.DEFAULT_HNSW_ABOVE;
  /**
   * Caffeine's policy is told about every read. Recording one read in 8 at random (the rest read
   * quietly) saved about 90 ns of an exact hit's ~580 (its share of the read-buffer drain), but
   * cost hits: on a Zipf trace whose hot set moves, 0.406 against 0.432 (one in 2 already 0.420),
   * because fewer recorded reads age the frequency sketch more slowly. A miss costs a model call,
   * so every read counts. {@code io.semcache.memory.ReadSamplingHitRatio} (benchmarks) measures it.
   */
  static final int DEFAULT_READ_SAMPLE_INTERVAL = 1;
  private static final int BUILD_STOP_WAIT_SECONDS = 5;

  private final EntryBound bound;
  /** A power of two: one read in this many is recorded in Caffeine's policy. */
  private final int readSampleMask;
  private final AdaptiveIndexOptions indexOptions;
  private final ConcurrentHashMap<Partition, PartitionIndex> partitions = new ConcurrentHashMap<>();
  private static final AtomicLong STORES_CREATED = new AtomicLong();
  private final long storeNumber = STORES_CREATED.incrementAndGet();
  /**
   * Graph builds of this store's partitions, one at a time, on a daemon thread started on demand.
   * Owned by the store, so that {@link #close()} stops it: a thread that outlives its cache is a
   * leak to the application (and to thread-leak checkers).
   */
  private final ThreadPoolExecutor buildExecutor = new ThreadPoolExecutor(0, 1, 30,
      TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
        Thread thread = new Thread(task, buildThreadName());
        thread.setDaemon(true);
        return thread;
      });
  private @Nullable Cache<EntryId, MemoryEntry> entries;
  /**
   * Where the last {@link #scan} stopped: the ids it sorted once and the next to read, so an
   * export's next page costs its own entries, not another walk and sort of every entry (an export
   * of n entries in pages of p would otherwise cost n * n / p). A scan that does not continue it
   * (another export, or a first page) sorts afresh; entries stored after the sort are not in it,
   * which an export allows.
   */
  private volatile @Nullable ScanCursor scanCursor;

  private record ScanCursor(EntryId[] ids, int next, EntryId lastReturned) {}
  private @Nullable StoreContext context;

  /** One partition's vectors and the entries their keys stand for. */
  private final class PartitionIndex {
    final Partition partition;
    final VectorIndex vectors;
    final IndexKeyTable byIndexKey = new IndexKeyTable();
    /** Set, under this object's lock, when the partition was emptied and left the map. */
    boolean retired;

    PartitionIndex(Partition partition, int dimension) {
      this.partition = partition;
      this.vectors = VectorIndexes.adaptive(dimension, indexOptions);
    }
  }

  MemoryEntryStore(EntryBound bound, int exactSearchLimit) {
    this(bound, exactSearchLimit, DEFAULT_READ_SAMPLE_INTERVAL);
  }

  /** As above, recording one read in {@code readSampleInterval} (a power of two; 1 = every read). */
  MemoryEntryStore(EntryBound bound, int exactSearchLimit, int readSampleInterval) {
    if (readSampleInterval <= 0 || Integer.bitCount(readSampleInterval) != 1) {
      throw new IllegalArgumentException(
          "readSampleInterval: expected a power of two, got " + readSampleInterval);
    }
    this.bound = bound;
    this.readSampleMask = readSampleInterval - 1;
    // Switch to the graph above the limit, back to exact search below half of it (hysteresis).
    this.indexOptions = AdaptiveIndexOptions.defaults()
        .withThresholds(Math.max(1, exactSearchLimit), exactSearchLimit / 2)
        .withBuildExecutor(buildExecutor);
  }


  @Override
  public String backendName() {
    return "memory";
  }

  @Override
  public void open(StoreContext context) {
    this.context = context;
    Caffeine<EntryId, MemoryEntry> builder = Caffeine.newBuilder()
        // Caffeine measures time in nanoseconds; ours is the cache's clock in milliseconds.
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(context.clock().millis()))
        .expireAfter(new AbsoluteExpiry())
        // Maintenance on the caller's thread: removals reach the index before the call returns.
        .executor(Runnable::run)
        .evictionListener(this::onEviction);
    if (bound.byWeight()) {
      int dimension = context.dimension();
      builder.maximumWeight(bound.limit())
          .weigher((id, entry) -> EntryWeigher.weigh(entry, dimension));
    } else {
      builder.maximumSize(bound.limit());
    }
    this.entries = builder.build();
  }

  @Override
  public Optional<StoredEntry> get(EntryId id, long nowMillis) {
    MemoryEntry entry = read(id);
    if (entry == null || !entry.isLiveAt(nowMillis)) {
      return Optional.empty();
    }
    return Optional.of(entry.stored());
  }

  @Override
  public List<ScoredEntry> search(Partition partition, float[] query, int limit, long nowMillis) {
    PartitionIndex index = partitions.get(partition);
    if (index == null) {
      return List.of();
    }
    List<ScoredKey> found = index.vectors.search(query, limit,
        indexKey -> isCurrent(index, indexKey, nowMillis));
    List<ScoredEntry> results = new ArrayList<>(found.size());
    for (ScoredKey scored : found) {
      MemoryEntry entry = index.byIndexKey.get(scored.key());
      if (entry != null) {
        results.add(new ScoredEntry(entry.stored(), scored.score()));
      }
    }
    if (!results.isEmpty()) {
      // Count the likely hit as a read so W-TinyLFU sees semantic hits, not only exact ones.
      read(results.get(0).entry().id());
    }
    return results;
  }

  /** Caffeine's entry for {@code id}, the read recorded in its policy one time in the interval. */
  private @Nullable MemoryEntry read(EntryId id) {
    Cache<EntryId, MemoryEntry> cache = entries();
    return (readSampleMask == 0 || (ThreadLocalRandom.current().nextInt() & readSampleMask) == 0)
        ? cache.getIfPresent(id)
        : cache.policy().getIfPresentQuietly(id);
  }

  /**
   * Whether the index key stands for the entry Caffeine holds now, unexpired. Stale keys (their
   * entry evicted, expired, replaced or invalidated) are removed from the index here.
   */
  private boolean isCurrent(PartitionIndex index, long indexKey, long nowMillis) {
    MemoryEntry entry = index.byIndexKey.get(indexKey);
    if (entry == null) {
      return false;
    }
    MemoryEntry held = entries().policy().getIfPresentQuietly(entry.id);
    if (held != entry) {
      unindex(entry);
      return false;
    }
    return entry.isLiveAt(nowMillis);
  }

  @Override
  public StoreOutcome upsert(StoredEntry stored) {
    int weight = EntryWeigher.weigh(stored);
    if (bound.byWeight()) {
      if (weight > bound.limit()) {
        // Caffeine would evict it at once; refuse it before it displaces anything.
        throw new EntryRefusedException(StoreOutcome.REFUSED_TOO_LARGE, "entry of ~" + weight
            + " bytes (estimated: prompt " + stored.prompt().length() + " chars, response "
            + stored.response().length() + " chars) exceeds maximumWeightBytes " + bound.limit());
      }
    }
    float @Nullable [] vector = stored.vector();
    MemoryEntry entry = new MemoryEntry(stored, canonical(stored.partition()));
    MemoryEntry replaced = entries().asMap().put(stored.id(), entry);
    if (replaced != null) {
      unindex(replaced);
    }
    if (vector != null) {
      index(entry, vector);
      // An eviction between the put and the indexing found nothing to unindex: check again.
      if (entries().policy().getIfPresentQuietly(stored.id()) != entry) {
        unindex(entry);
      }
    }
    // Maintenance runs on this thread, so an entry the bound rejected is gone already. (Another
    // entry under the same id means a concurrent re-store of the same key, which is visible; an
    // entry gone because the clock passed its expiry meanwhile was stored and has expired.)
    if (entries().policy().getIfPresentQuietly(stored.id()) == null
        && stored.isLiveAt(context().clock().millis())) {
      throw new EntryRefusedException(
          bound.byWeight() ? StoreOutcome.REFUSED_TOO_LARGE : StoreOutcome.DROPPED,
          "the size bound evicted the entry at once (" + (bound.byWeight()
              ? "~" + weight + " bytes against maximumWeightBytes "
              : "maximumEntries ") + bound.limit() + ")");
    }
    return StoreOutcome.STORED;
  }

  /**
   * The partition instance this store already holds that equals {@code partition}, if any: each
   * request brings its own, and keeping one per entry would cost ~140 bytes (with its memoised
   * digest) of every entry.
   */
  private Partition canonical(Partition partition) {
    PartitionIndex index = partitions.get(partition);
    return index != null ? index.partition : partition;
  }

  private void index(MemoryEntry entry, float[] vector) {
    while (true) {
      PartitionIndex index = partitions.computeIfAbsent(entry.partition,
          p -> new PartitionIndex(p, context().dimension()));
      synchronized (index) {
        if (index.retired) {
          continue; // emptied and dropped concurrently; take the new one
        }
        index.vectors.put(index.byIndexKey.add(entry), vector);
        return;
      }
    }
  }

  private void unindex(MemoryEntry entry) {
    if (!entry.hasVector) {
      return;
    }
    PartitionIndex index = partitions.get(entry.partition);
    if (index == null) {
      return;
    }
    synchronized (index) {
      long key = entry.indexKey();
      if (index.byIndexKey.remove(key, entry)) {
        index.vectors.remove(key);
      }
      if (index.byIndexKey.isEmpty() && !index.retired) {
        index.retired = true;
        partitions.remove(index.partition, index);
      }
    }
  }

  private void onEviction(@Nullable EntryId id, @Nullable MemoryEntry entry, RemovalCause cause) {
    if (entry == null) {
      return;
    }
    unindex(entry);
    io.semcache.spi.RemovalCause ours = cause == RemovalCause.EXPIRED
        ? io.semcache.spi.RemovalCause.EXPIRED : io.semcache.spi.RemovalCause.SIZE;
    context().removalListener().onRemoval(entry.partition, ours, 1);
  }

  @Override
  public boolean delete(EntryId id) {
    // Caffeine treats an expired entry as absent, so this is null for one too.
    MemoryEntry removed = entries().asMap().remove(id);
    if (removed == null) {
      return false;
    }
    unindex(removed);
    context().removalListener().onRemoval(removed.partition,
        io.semcache.spi.RemovalCause.EXPLICIT, 1);
    return true;
  }

  @Override
  public void deletePartition(Partition partition) {
    long removedCount = 0;
    // Entries without a vector are not in any index, so walk the entries themselves.
    for (var mapping : entries().asMap().entrySet()) {
      MemoryEntry entry = mapping.getValue();
      if (entry.partition.equals(partition)
          && entries().asMap().remove(mapping.getKey(), entry)) {
        unindex(entry);
        removedCount++;
      }
    }
    if (removedCount > 0) {
      context().removalListener().onRemoval(partition, io.semcache.spi.RemovalCause.EXPLICIT,
          removedCount);
    }
  }

  @Override
  public void deleteAll() {
    for (var mapping : entries().asMap().entrySet()) {
      MemoryEntry entry = mapping.getValue();
      if (entries().asMap().remove(mapping.getKey(), entry)) {
        unindex(entry);
        context().removalListener().onRemoval(entry.partition,
            io.semcache.spi.RemovalCause.EXPLICIT, 1);
      }
    }
  }

  @Override
  public boolean supportsTags() {
    return true;
  }

  /** A walk of every entry, like {@link #deletePartition}: tags are for rare invalidations. */
  @Override
  public long countTagged(String tag, long nowMillis) {
    long count = 0;
    for (MemoryEntry entry : entries().asMap().values()) {
      if (entry.tags().contains(tag) && entry.isLiveAt(nowMillis)) {
        count++;
      }
    }
    return count;
  }

  @Override
  public long deleteTagged(String tag, long nowMillis) {
    long removedCount = 0;
    for (var mapping : entries().asMap().entrySet()) {
      MemoryEntry entry = mapping.getValue();
      if (entry.tags().contains(tag)
          && entries().asMap().remove(mapping.getKey(), entry)) {
        unindex(entry);
        context().removalListener().onRemoval(entry.partition,
            io.semcache.spi.RemovalCause.EXPLICIT, 1);
        if (entry.isLiveAt(nowMillis)) {
          removedCount++;
        }
      }
    }
    return removedCount;
  }

  /**
   * A walk of every entry keeping the {@code limit} smallest ids after {@code after} in a heap: a
   * page costs O(n log limit), an export of n entries O(n²/limit), a few seconds for a million
   * entries at the default page of 500. Vectors come from the partition's index, the only copy.
   */
  @Override
  public List<StoredEntry> scan(@Nullable EntryId after, int limit, long nowMillis) {
    ScanCursor cursor = scanCursor;
    int position;
    EntryId[] ids;
    if (after != null && cursor != null && after.equals(cursor.lastReturned())) {
      ids = cursor.ids();
      position = cursor.next();
    } else {
      ids = sortedIdsAfter(after);
      position = 0;
    }
    List<StoredEntry> page = new ArrayList<>(Math.min(limit, ids.length - position));
    while (position < ids.length && page.size() < limit) {
      MemoryEntry entry = entries().policy().getIfPresentQuietly(ids[position++]);
      if (entry != null && entry.isLiveAt(nowMillis)) {
        page.add(withVector(entry));
      }
    }
    scanCursor = page.isEmpty() || position == ids.length ? null
        : new ScanCursor(ids, position, page.get(page.size() - 1).id());
    return page;
  }

  /** The ids of the entries held now that sort after {@code after}, in order. */
  private EntryId[] sortedIdsAfter(@Nullable EntryId after) {
    List<EntryId> ids = new ArrayList<>(entries().asMap().size());
    for (EntryId id : entries().asMap().keySet()) {
      if (after == null || id.compareTo(after) > 0) {
        ids.add(id);
      }
    }
    EntryId[] sorted = ids.toArray(new EntryId[0]);
    Arrays.sort(sorted);
    return sorted;
  }

  /**
   * The entry with its vector read back from the index; without one if the entry was removed from
   * the index meanwhile (an export then leaves its vector out, and an import embeds its prompt).
   */
  private StoredEntry withVector(MemoryEntry entry) {
    PartitionIndex index = entry.hasVector ? partitions.get(entry.partition) : null;
    long key = entry.indexKey();
    float @Nullable [] vector = index == null || key == MemoryEntry.NOT_INDEXED ? null
        : index.vectors.vector(key);
    return vector == null ? entry.stored() : entry.storedWith(vector);
  }

  @Override
  public long estimatedSize() {
    Cache<EntryId, MemoryEntry> cache = entries;
    return cache == null ? 0 : cache.estimatedSize();
  }

  @Override
  public void close() {
    Cache<EntryId, MemoryEntry> cache = entries;
    if (cache != null) {
      cache.invalidateAll();
      cache.cleanUp();
    }
    for (PartitionIndex index : partitions.values()) {
      index.vectors.clear();
    }
    partitions.clear();
    buildExecutor.shutdownNow();
    try {
      // A build in progress finds its index cleared and ends; do not wait on it for long.
      buildExecutor.awaitTermination(BUILD_STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }


  /** The name of this store's graph-build thread. */
  String buildThreadName() {
    return "semcache-memory-index-build-" + storeNumber;
  }

  /** Runs Caffeine's pending maintenance (expiry, eviction); for tests. */
  void cleanUp() {
    entries().cleanUp();
  }

  /** Searchable entries indexed for a partition; for tests. */
  int indexedCount(Partition partition) {
    PartitionIndex index = partitions.get(partition);
    return index == null ? 0 : index.vectors.size();
  }

  /** Partitions with an index; for tests. */
  int indexedPartitionCount() {
    return partitions.size();
  }

  private Cache<EntryId, MemoryEntry> entries() {
    Cache<EntryId, MemoryEntry> cache = entries;
    if (cache == null) {
      throw new IllegalStateException("store used before open()");
    }
    return cache;
  }

  private StoreContext context() {
    StoreContext ctx = context;
    if (ctx == null) {
      throw new IllegalStateException("store used before open()");
    }
    return ctx;
  }

  /**
   * Expires each entry at its absolute expiry time; updates and reads do not extend it. Durations
   * are computed from Caffeine's own reading of the ticker ({@code currentTime}), never from a
   * second reading of the clock, which may have moved since and would expire the entry early.
   */
  private static final class AbsoluteExpiry implements Expiry<EntryId, MemoryEntry> {

    @Override
    public long expireAfterCreate(EntryId id, MemoryEntry entry, long currentTime) {
      return nanosUntilExpiry(entry, currentTime);
    }

    @Override
    public long expireAfterUpdate(EntryId id, MemoryEntry entry, long currentTime,
        long currentDuration) {
      return nanosUntilExpiry(entry, currentTime);
    }

    @Override
    public long expireAfterRead(EntryId id, MemoryEntry entry, long currentTime,
        long currentDuration) {
      return currentDuration;
    }

    private static long nanosUntilExpiry(MemoryEntry entry, long currentTimeNanos) {
      long expiresAtMillis = entry.expiresAtMillis;
      // Caffeine caps durations internally; stay far from overflow for "never".
      if (expiresAtMillis >= Long.MAX_VALUE / 2_000_000) {
        return Long.MAX_VALUE / 2;
      }
      return Math.max(0, TimeUnit.MILLISECONDS.toNanos(expiresAtMillis) - currentTimeNanos);
    }
  }
}
