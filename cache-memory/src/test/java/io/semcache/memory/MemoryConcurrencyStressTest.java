package io.semcache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.EntryId;
import io.semcache.LookupResult;
import io.semcache.LookupResult.Hit;
import io.semcache.MatchKind;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import io.semcache.testing.ManualClock;
import io.semcache.testing.TestEmbedder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eight threads of mixed lookups, stores, invalidations and expiries against one memory cache.
 * Each worker owns its keys (so it knows what must be there) and reads everyone's. Checked: no
 * exception; no hit on an expired entry or across partitions; every acknowledged store is found
 * by its owner, with its latest response, by its prompt and reworded (through the vector index),
 * until it expires or is invalidated; the index ends exactly in step with the entries.
 */
class MemoryConcurrencyStressTest {

  private static final int THREADS = 8;
  private static final int OPERATIONS_PER_THREAD = 6_000;
  private static final int KEYS_PER_THREAD = 60;
  private static final Duration TTL = Duration.ofSeconds(30);

  private final ManualClock clock = ManualClock.startingNow();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<String> violations = new ArrayList<>();

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void mixedOperationsKeepEveryGuarantee() throws Exception {
    MemorySemanticCache.Builder builder = MemorySemanticCache.builder()
        .embedder(new TestEmbedder()).clock(clock).meterRegistry(meters)
        .defaultTtl(TTL).similarityThreshold(0.99)
        // Large enough that nothing is evicted for size, so every acknowledged store must stay;
        // small switch point so the approximate index and its switching are exercised too.
        .maximumEntries(THREADS * KEYS_PER_THREAD * 2).exactSearchLimit(40);
    MemoryEntryStore store = builder.newStore();
    SemanticCache cache = builder.buildOn(store);
    ConcurrentLinkedQueue<String> found = new ConcurrentLinkedQueue<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int worker = t;
        workers.add(pool.submit(() -> {
          start.await();
          runWorker(cache, worker, found);
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get(2, TimeUnit.MINUTES); // rethrows any exception a worker hit
      }
    } finally {
      pool.shutdownNow();
    }
    violations.addAll(found);
    assertThat(meters.get("semcache.removals").tag("cause", "expired").counter().count())
        .as("the run exercised expiry").isPositive();
    assertThat(violations).isEmpty();

    store.cleanUp();
    for (int t = 0; t < THREADS; t++) {
      Partition partition = partitionOf(t);
      long live = countLive(cache, t);
      assertThat(store.indexedCount(partition)).as("index of %s", partition).isEqualTo(live);
    }
    cache.close();
  }

  private void runWorker(SemanticCache cache, int worker, ConcurrentLinkedQueue<String> found) {
    SplittableRandom random = new SplittableRandom(worker * 7919L);
    Partition own = partitionOf(worker);
    // What this worker knows of its own keys: version stored and when, or -1 when invalidated.
    int[] version = new int[KEYS_PER_THREAD];
    long[] storedBefore = new long[KEYS_PER_THREAD];
    java.util.Arrays.fill(version, -1);
    int nextVersion = 1;
    for (int op = 0; op < OPERATIONS_PER_THREAD; op++) {
      int key = random.nextInt(KEYS_PER_THREAD);
      int action = random.nextInt(100);
      if (action < 30) {
        long before = clock.millis();
        int v = nextVersion++;
        boolean stored = cache.put(StoreRequest.of(keyOf(worker, key), responseOf(worker, key, v)))
            .isStored();
        if (!stored) {
          found.add("store not acknowledged: " + keyOf(worker, key));
        }
        version[key] = v;
        storedBefore[key] = before;
      } else if (action < 35) {
        cache.invalidate(EntryId.of(keyOf(worker, key)));
        version[key] = -1;
      } else if (action < 37 && worker == 0) {
        clock.advance(Duration.ofSeconds(random.nextInt(1, 12)));
      } else if (action < 70) {
        long before = clock.millis();
        // Half of them reworded: a semantic hit, answered by the vector index (while the graph
        // absorbs the write, from its recent writes), must still be the latest acknowledged store.
        boolean reworded = action >= 52;
        LookupResult result = cache.lookup(reworded ? rewordedKeyOf(worker, key)
            : keyOf(worker, key));
        long after = clock.millis();
        checkHit(result, own, before, found);
        boolean mustBeLive = version[key] > 0 && after < storedBefore[key] + TTL.toMillis();
        if (mustBeLive) {
          String expected = responseOf(worker, key, version[key]);
          if (!(result instanceof Hit hit) || !hit.response().equals(expected)) {
            found.add("lost acknowledged store: " + keyOf(worker, key) + (reworded ? " (reworded)"
                : "") + " expected " + expected + ", got " + result);
          }
        }
        if (version[key] < 0 && result instanceof Hit hit && hit.match() == MatchKind.EXACT) {
          found.add("invalidated entry returned: " + hit);
        }
      } else {
        // Someone else's key, reworded: same words, so a semantic hit if present.
        int other = random.nextInt(THREADS);
        int otherKey = random.nextInt(KEYS_PER_THREAD);
        long before = clock.millis();
        LookupResult result = cache.lookup(CacheKey.of(partitionOf(other),
            "key " + otherKey + " from worker " + other + " about"));
        checkHit(result, partitionOf(other), before, found);
      }
    }
  }

  private static void checkHit(LookupResult result, Partition expected, long before,
      ConcurrentLinkedQueue<String> found) {
    if (result instanceof Hit hit) {
      // The entry id is derived from partition and prompt: another partition's entry differs.
      if (!hit.entryId().equals(EntryId.of(CacheKey.of(expected, hit.matchedPrompt())))) {
        found.add("hit across partitions: " + hit);
      }
      if (!hit.expiresAt().isAfter(Instant.ofEpochMilli(before))) {
        found.add("expired hit: " + hit + " at " + Instant.ofEpochMilli(before));
      }
    }
  }

  private long countLive(SemanticCache cache, int worker) {
    long live = 0;
    for (int key = 0; key < KEYS_PER_THREAD; key++) {
      LookupResult result = cache.lookup(keyOf(worker, key));
      if (result instanceof Hit hit && hit.match() == MatchKind.EXACT) {
        live++;
      }
    }
    return live;
  }

  private static Partition partitionOf(int worker) {
    return Partition.of("tenant-" + worker, "gpt-4o");
  }

  private static CacheKey keyOf(int worker, int key) {
    return CacheKey.of(partitionOf(worker), "about key " + key + " from worker " + worker);
  }

  private static CacheKey rewordedKeyOf(int worker, int key) {
    return CacheKey.of(partitionOf(worker), "key " + key + " from worker " + worker + " about");
  }

  private static String responseOf(int worker, int key, int version) {
    return worker + "/" + key + "/v" + version;
  }
}
