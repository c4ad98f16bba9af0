package io.semcache.memory;

import io.semcache.CacheKey;
import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.spi.StoreContext;
import io.semcache.spi.StoredEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The hit ratio of the memory store's exact lookups on seeded traces, with Caffeine told about
 * every read (the store's {@link MemoryEntryStore#DEFAULT_READ_SAMPLE_INTERVAL}) against one read
 * in 2, 4 or 8 at random: what sampling the policy's reads would cost in hits. A miss stores the key, as a cache in
 * front of a model does. Traces: Zipf popularity at several skews, Zipf whose hot set moves every
 * phase (how fast the policy adapts), and Zipf mixed with a loop over more keys than fit (scan
 * resistance).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.semcache.memory.ReadSamplingHitRatio [accesses]
 * # default 4,000,000 accesses a trace; 10,000 entries of a 1,000,000-key universe
 * </pre>
 */
public final class ReadSamplingHitRatio {

  private static final int UNIVERSE = 1_000_000;
  private static final Partition PARTITION = Partition.of("tenant", "model");
  private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

  /** One seeded trace of key numbers in {@code [0, UNIVERSE)}. */
  enum Trace {
    ZIPF_0_8, ZIPF_1_0, MOVING_ZIPF_0_9, ZIPF_0_9_WITH_LOOP;

    int[] keys(int accesses, int capacity, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      double[] cumulative = zipf(this == ZIPF_0_8 ? 0.8 : this == ZIPF_1_0 ? 1.0 : 0.9);
      int phase = accesses / 8;
      int loop = capacity * 2;
      int[] keys = new int[accesses];
      for (int i = 0; i < accesses; i++) {
        int rank = rank(cumulative, random.nextDouble());
        keys[i] = switch (this) {
          case ZIPF_0_8, ZIPF_1_0 -> rank;
          // Each phase the popular ranks land on other keys: the hot set moves.
          case MOVING_ZIPF_0_9 -> (int) ((rank + (long) (i / phase) * 7_919 * 61) % UNIVERSE);
          // Half the accesses walk a loop of twice the capacity, over keys Zipf rarely picks.
          case ZIPF_0_9_WITH_LOOP -> (i & 1) == 0 ? rank : UNIVERSE - 1 - (i / 2) % loop;
        };
      }
      return keys;
    }
  }

  private ReadSamplingHitRatio() {}

  public static void main(String[] args) {
    int accesses = args.length > 0 ? Integer.parseInt(args[0]) : 4_000_000;
    int capacity = 10_000;
    int[] intervals = {1, 2, 4, 8};
    EntryId[] ids = ids();
    System.out.printf(Locale.ROOT, "[read-sampling] %,d accesses a trace, %,d entries, %,d keys;"
        + " hit ratio with one read in N recorded in Caffeine's policy (mean of 2 runs)%n",
        accesses, capacity, UNIVERSE);
    System.out.printf(Locale.ROOT, "%-20s%s%n", "trace",
        Arrays.toString(intervals).replace("[", "N = ").replace("]", ""));
    for (Trace trace : Trace.values()) {
      int[] keys = trace.keys(accesses, capacity, 42);
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-20s", trace));
      for (int interval : intervals) {
        double ratio = (hitRatio(keys, ids, capacity, interval)
            + hitRatio(keys, ids, capacity, interval)) / 2;
        row.append(String.format(Locale.ROOT, "  %.4f", ratio));
      }
      System.out.println(row);
    }
  }

  /** The ids of keys {@code 0..UNIVERSE-1}, derived once. */
  private static EntryId[] ids() {
    EntryId[] ids = new EntryId[UNIVERSE];
    for (int k = 0; k < UNIVERSE; k++) {
      ids[k] = EntryId.of(CacheKey.of(PARTITION, prompt(k)));
    }
    return ids;
  }

  /** The fraction of {@code keys} that hit a store of {@code capacity} entries. */
  private static double hitRatio(int[] keys, EntryId[] ids, int capacity, int readSampleInterval) {
    MemoryEntryStore store = new MemoryEntryStore(EntryBound.entries(capacity),
        MemoryEntryStore.DEFAULT_EXACT_SEARCH_LIMIT, readSampleInterval);
    store.open(new StoreContext(CLOCK, 384, "model", (partition, cause, count) -> { }));
    long hits = 0;
    for (int key : keys) {
      if (store.get(ids[key], 0).isPresent()) {
        hits++;
      } else {
        // No vector: the trace exercises the policy, not the index.
        store.upsert(new StoredEntry(ids[key], PARTITION, prompt(key), "answer", null, false,
            "model", 0, Long.MAX_VALUE));
      }
    }
    store.close();
    return hits / (double) keys.length;
  }

  private static String prompt(int key) {
    return "question " + key;
  }

  private static double[] zipf(double skew) {
    double[] cumulative = new double[UNIVERSE];
    double sum = 0;
    for (int rank = 0; rank < UNIVERSE; rank++) {
      sum += 1 / Math.pow(rank + 1, skew);
      cumulative[rank] = sum;
    }
    for (int rank = 0; rank < UNIVERSE; rank++) {
      cumulative[rank] /= sum;
    }
    return cumulative;
  }

  private static int rank(double[] cumulative, double u) {
    int found = Arrays.binarySearch(cumulative, u);
    return Math.min(UNIVERSE - 1, found >= 0 ? found : -found - 1);
  }
}
