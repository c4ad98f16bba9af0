package io.semcache.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.LookupResult;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.StoreOutcome;
import io.semcache.StoreResult;
import io.semcache.testing.ManualClock;
import io.semcache.testing.TestEmbedder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the memory backend does: size and weight bounds, and its index following Caffeine. */
class MemoryBoundsAndIndexTest {

  private final ManualClock clock = ManualClock.startingNow();
  private final TestEmbedder embedder = new TestEmbedder();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Partition acme = Partition.of("acme", "gpt-4o");
  private SemanticCache cache;

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
  }

  private MemoryEntryStore open(MemorySemanticCache.Builder builder) {
    builder.embedder(embedder).clock(clock).meterRegistry(meters);
    MemoryEntryStore store = builder.newStore();
    cache = builder.buildOn(store);
    return store;
  }

  @Test
  void sizeBoundEvictsAndTheIndexFollows() {
    MemoryEntryStore store = open(MemorySemanticCache.builder().maximumEntries(100)
        .exactSearchLimit(Integer.MAX_VALUE));
    for (int i = 0; i < 1_000; i++) {
      cache.put(CacheKey.of(acme, "question number " + i), "answer " + i);
    }
    store.cleanUp();

    assertThat(store.estimatedSize()).isLessThanOrEqualTo(100);
    assertThat(store.indexedCount(acme)).isEqualTo(store.estimatedSize());
    assertThat(meters.get("semcache.removals").tag("cause", "size").counter().count())
        .isEqualTo(1_000 - store.estimatedSize());
    assertThat(cache.stats().evictionCount()).isEqualTo(1_000 - store.estimatedSize());
  }

  @Test
  void weightBoundCountsTheBytesOfPromptAndResponse() {
    MemoryEntryStore store = open(MemorySemanticCache.builder().maximumWeightBytes(100_000));
    String bigResponse = "x".repeat(10_000);
    for (int i = 0; i < 50; i++) {
      cache.put(CacheKey.of(acme, "essay request " + i), bigResponse);
    }
    store.cleanUp();

    // Each entry weighs over 20 kB (two bytes a char), so at most four fit in 100 kB.
    assertThat(store.estimatedSize()).isBetween(1L, 4L);
  }

  @Test
  void anEntryHeavierThanTheWeightBoundIsRefusedAndNothingStoredIsLost() {
    open(MemorySemanticCache.builder().maximumWeightBytes(10_000));
    CacheKey small = CacheKey.of(acme, "a small question");
    assertThat(cache.put(small, "a small answer").outcome()).isEqualTo(StoreOutcome.STORED);
    CacheKey big = CacheKey.of(acme, "write me an essay");

    StoreResult result = cache.put(big, "x".repeat(20_000));

    assertThat(result.outcome()).isEqualTo(StoreOutcome.REFUSED_TOO_LARGE);
    assertThat(result.detail()).contains("maximumWeightBytes 10000").contains("response 20000 chars");
    assertThat(cache.lookup(big).isHit()).isFalse();
    assertThat(cache.lookup(small).isHit()).as("the refused entry displaced nothing").isTrue();
    assertThat(meters.get("semcache.stores").tag("outcome", "refused_too_large").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void everyStoreReportedStoredIsVisibleToTheNextLookup() {
    open(MemorySemanticCache.builder().maximumWeightBytes(100_000));
    int stored = 0;
    for (int i = 0; i < 50; i++) {
      CacheKey key = CacheKey.of(acme, "essay request " + i);
      StoreResult result = cache.put(key, "y".repeat(10_000) + i);
      if (result.isStored()) {
        stored++;
        assertThat(cache.lookup(key).isHit()).as("lookup after STORED of %s", key.prompt())
            .isTrue();
      } else {
        assertThat(result.outcome()).isEqualTo(StoreOutcome.REFUSED_TOO_LARGE);
        assertThat(cache.lookup(key).isHit()).isFalse();
      }
    }
    assertThat(stored).isPositive();
  }

  @Test
  void closeStopsTheIndexBuildThread() throws InterruptedException {
    MemoryEntryStore store = open(MemorySemanticCache.builder().exactSearchLimit(50));
    for (int i = 0; i < 200; i++) {
      cache.put(CacheKey.of(acme, "question number " + i), "answer " + i);
    }
    String name = store.buildThreadName();
    assertThat(buildThreads(name)).as("a graph build ran").isPositive();

    cache.close();
    cache = null;

    // close() waits for the thread to end; poll briefly in case the JVM lists it a moment longer.
    for (int i = 0; i < 50 && buildThreads(name) > 0; i++) {
      Thread.sleep(20);
    }
    assertThat(buildThreads(name)).as("build threads alive after close").isZero();
    assertThat(store.estimatedSize()).isZero();
  }

  private static long buildThreads(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(name)).count();
  }

  @Test
  void expiredEntriesLeaveTheIndexAndEmptyPartitionsAreDropped() {
    MemoryEntryStore store = open(MemorySemanticCache.builder().defaultTtl(Duration.ofMinutes(5)));
    for (int i = 0; i < 200; i++) {
      cache.put(CacheKey.of(Partition.of("tenant-" + (i % 20), "gpt-4o"), "question " + i), "a");
    }
    assertThat(store.indexedPartitionCount()).isEqualTo(20);

    clock.advance(Duration.ofMinutes(5));
    store.cleanUp();

    assertThat(store.estimatedSize()).isZero();
    assertThat(store.indexedPartitionCount()).isZero();
    assertThat(cache.stats().expirationCount()).isEqualTo(200);
  }

  @Test
  void invalidationRemovesVectorsFromTheIndex() {
    MemoryEntryStore store = open(MemorySemanticCache.builder());
    for (int i = 0; i < 30; i++) {
      cache.put(CacheKey.of(acme, "question " + i), "a");
    }
    cache.invalidatePartition(acme);
    assertThat(store.indexedCount(acme)).isZero();
    assertThat(store.indexedPartitionCount()).isZero();
    assertThat(meters.get("semcache.removals").tag("cause", "explicit").counter().count())
        .isEqualTo(30);
  }

  @Test
  void semanticSearchWorksAcrossTheSwitchToTheApproximateIndex() {
    MemoryEntryStore store = open(MemorySemanticCache.builder().exactSearchLimit(64)
        .similarityThreshold(0.99));
    for (int i = 0; i < 500; i++) {
      cache.put(CacheKey.of(acme, "alpha beta gamma item " + i), "answer " + i);
    }
    // Word order does not change a bag of words: similarity 1.0 with exactly one stored entry.
    LookupResult result = cache.lookup(CacheKey.of(acme, "item 321 gamma beta alpha"));

    assertThat(result.asHit().orElseThrow().response()).isEqualTo("answer 321");
    assertThat(store.indexedCount(acme)).isEqualTo(500);
  }

  @Test
  void boundsCannotBeCombinedOrNonPositive() {
    assertThatThrownBy(() -> MemorySemanticCache.builder().embedder(embedder).maximumEntries(10)
        .maximumWeightBytes(1000).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maximumEntries, maximumWeightBytes");
    assertThatThrownBy(() -> MemorySemanticCache.builder().maximumEntries(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximumEntries");
    assertThatThrownBy(() -> MemorySemanticCache.builder().exactSearchLimit(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactSearchLimit");
  }
}
