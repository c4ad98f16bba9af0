package io.semcache.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.CacheKey;
import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.StoreOutcome;
import io.semcache.spi.EntryRefusedException;
import io.semcache.spi.EntryStore;
import io.semcache.spi.RemovalCause;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoreContext;
import io.semcache.spi.StoredEntry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises of the {@link EntryStore} SPI, for a backend author: extend this class, return a
 * fresh store from {@link #newStore()}, and the store is checked on its own, without the cache core
 * that double-checks partitions and expiry on top. {@code SemanticCacheContract} keeps the
 * end-to-end promises of a cache built on the store.
 */
public abstract class EntryStoreContract {

  protected static final int DIMENSION = 8;
  protected static final String MODEL_ID = "semcache-test/store-contract";

  protected final ManualClock clock = ManualClock.startingNow();
  protected final List<RemovalCause> removals = new CopyOnWriteArrayList<>();
  protected final Partition acme = Partition.of("acme", "gpt-4o");
  protected final Partition globex = Partition.of("globex", "gpt-4o");
  private EntryStore store;

  /** A new, empty store, not yet opened. */
  protected abstract EntryStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
    store.open(new StoreContext(clock, DIMENSION, MODEL_ID,
        (partition, cause, count) -> removals.add(cause)));
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  protected EntryStore store() {
    return store;
  }

  /** An entry of {@code partition} whose vector is {@code axis(axis)} tilted to the next axis. */
  protected StoredEntry entry(Partition partition, String prompt, int axis, double cosine,
      Duration ttl) {
    float[] vector = new float[DIMENSION];
    vector[axis] = (float) cosine;
    vector[(axis + 1) % DIMENSION] = (float) Math.sqrt(Math.max(0, 1 - cosine * cosine));
    long now = clock.millis();
    return new StoredEntry(EntryId.of(CacheKey.of(partition, prompt)), partition, prompt,
        "answer to " + prompt, vector, true, MODEL_ID, now, now + ttl.toMillis());
  }

  protected StoredEntry entry(Partition partition, String prompt, int axis, double cosine) {
    return entry(partition, prompt, axis, cosine, Duration.ofHours(1));
  }

  protected static float[] axis(int axis) {
    float[] v = new float[DIMENSION];
    v[axis] = 1f;
    return v;
  }

  private List<String> searchPrompts(Partition partition, float[] query, int limit) {
    return store.search(partition, query, limit, clock.millis()).stream()
        .map(s -> s.entry().prompt()).toList();
  }

  @Test
  void anUpsertedEntryIsReadBackByIdWithItsContent() {
    StoredEntry written = entry(acme, "how do I reset my password", 0, 1.0);
    assertThat(store.upsert(written)).isEqualTo(StoreOutcome.STORED);

    StoredEntry read = store.get(written.id(), clock.millis()).orElseThrow();

    assertThat(read.id()).isEqualTo(written.id());
    assertThat(read.partition()).isEqualTo(acme);
    assertThat(read.prompt()).isEqualTo(written.prompt());
    assertThat(read.response()).isEqualTo(written.response());
    assertThat(read.modelId()).isEqualTo(MODEL_ID);
    assertThat(read.createdAtMillis()).isEqualTo(written.createdAtMillis());
    assertThat(read.expiresAtMillis()).isEqualTo(written.expiresAtMillis());
    assertThat(read.isSemanticallySearchable()).isTrue();
  }

  @Test
  void searchReturnsTheClosestEntriesOfThePartitionBestFirstWithinTheLimit() {
    store.upsert(entry(acme, "far", 0, 0.5));
    store.upsert(entry(acme, "closest", 0, 0.99));
    store.upsert(entry(acme, "middle", 0, 0.8));
    store.upsert(entry(globex, "other tenant, identical vector", 0, 1.0));

    List<ScoredEntry> found = store.search(acme, axis(0), 2, clock.millis());

    assertThat(found).extracting(s -> s.entry().prompt()).containsExactly("closest", "middle");
    assertThat(found.get(0).similarity()).isCloseTo(0.99, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(found.get(0).similarity()).isGreaterThanOrEqualTo(found.get(1).similarity());
  }

  @Test
  void searchNeverReturnsAnotherPartitionsEntry() {
    store.upsert(entry(globex, "globex only", 0, 1.0));
    assertThat(store.search(acme, axis(0), 10, clock.millis())).isEmpty();
    assertThat(store.search(Partition.of("acme", "gpt-4o", "other context"), axis(0), 10,
        clock.millis())).isEmpty();
  }

  @Test
  void searchNeverReturnsAnEntryThatIsNotSearchable() {
    long now = clock.millis();
    StoredEntry truncated = new StoredEntry(EntryId.of(CacheKey.of(acme, "long prompt")), acme,
        "long prompt", "answer", null, false, MODEL_ID, now, now + 3_600_000);
    store.upsert(truncated);

    assertThat(store.search(acme, axis(0), 10, now)).isEmpty();
    assertThat(store.get(truncated.id(), now)).as("still found by id").isPresent();
  }

  @Test
  void expiredEntriesAreNeitherReadNorSearched() {
    StoredEntry shortLived = entry(acme, "short lived", 0, 1.0, Duration.ofMinutes(1));
    store.upsert(shortLived);
    store.upsert(entry(acme, "long lived", 0, 0.9, Duration.ofHours(1)));

    clock.advance(Duration.ofMinutes(1));

    assertThat(store.get(shortLived.id(), clock.millis())).isEmpty();
    assertThat(searchPrompts(acme, axis(0), 10)).containsExactly("long lived");
  }

  @Test
  void upsertReplacesTheEntryWithTheSameId() {
    StoredEntry first = entry(acme, "same prompt", 0, 1.0);
    store.upsert(first);
    StoredEntry second = new StoredEntry(first.id(), acme, first.prompt(), "new answer",
        entry(acme, "same prompt", 2, 1.0).vector(), true, MODEL_ID, clock.millis(),
        clock.millis() + 3_600_000);
    store.upsert(second);

    assertThat(store.get(first.id(), clock.millis()).orElseThrow().response())
        .isEqualTo("new answer");
    // Searches see the new vector only, and the entry once.
    List<ScoredEntry> byOldVector = store.search(acme, axis(0), 10, clock.millis());
    assertThat(byOldVector).hasSizeLessThanOrEqualTo(1);
    assertThat(byOldVector).allSatisfy(s -> assertThat(s.similarity()).isLessThan(0.5));
    List<ScoredEntry> byNewVector = store.search(acme, axis(2), 10, clock.millis());
    assertThat(byNewVector).extracting(s -> s.entry().response()).containsExactly("new answer");
    assertThat(byNewVector.get(0).similarity()).isGreaterThan(0.99);
  }

  @Test
  void deletesRemoveExactlyWhatTheySay() {
    StoredEntry one = entry(acme, "one", 0, 1.0);
    StoredEntry two = entry(acme, "two", 1, 1.0);
    StoredEntry other = entry(globex, "other", 0, 1.0);
    store.upsert(one);
    store.upsert(two);
    store.upsert(other);

    assertThat(store.delete(one.id())).as("a live entry was removed").isTrue();
    assertThat(store.get(one.id(), clock.millis())).isEmpty();
    assertThat(store.delete(one.id())).as("removed already").isFalse();
    assertThat(store.get(two.id(), clock.millis())).isPresent();

    store.deletePartition(acme);
    assertThat(store.get(two.id(), clock.millis())).isEmpty();
    assertThat(store.search(acme, axis(1), 10, clock.millis())).isEmpty();
    assertThat(store.get(other.id(), clock.millis())).as("other partition kept").isPresent();

    store.deleteAll();
    assertThat(store.get(other.id(), clock.millis())).isEmpty();
    assertThat(store.search(globex, axis(0), 10, clock.millis())).isEmpty();
  }

  @Test
  void deletingAnExpiredEntryReportsNothingRemoved() {
    StoredEntry shortLived = entry(acme, "short lived", 0, 1.0, Duration.ofMinutes(1));
    store.upsert(shortLived);
    clock.advance(Duration.ofMinutes(1));

    assertThat(store.delete(shortLived.id())).isFalse();
    assertThat(store.get(shortLived.id(), clock.millis())).isEmpty();
  }

  @Test
  void deletingWhatIsNotThereIsNoError() {
    assertThat(store.delete(EntryId.of(CacheKey.of(acme, "never stored")))).isFalse();
    store.deletePartition(globex);
    store.deleteAll();
    assertThat(store.estimatedSize()).isZero();
  }

  @Test
  void theSizeEstimateFollowsStoresAndDeletes() {
    for (int i = 0; i < 5; i++) {
      store.upsert(entry(acme, "question " + i, i % DIMENSION, 1.0));
    }
    refreshEstimates();
    assertThat(store.estimatedSize()).isEqualTo(5);

    store.deleteAll();
    refreshEstimates();
    assertThat(store.estimatedSize()).isZero();
  }

  /**
   * For stores whose {@link EntryStore#estimatedSize()} is refreshed in the background: bring it
   * up to date. The default does nothing.
   */
  protected void refreshEstimates() {}

  @Test
  void interleavedScansEachSeeEveryEntryOnceAndNoneRemovedMeanwhile() {
    List<StoredEntry> stored = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      StoredEntry entry = entry(acme, "interleaved prompt " + i, i % DIMENSION, 0.8,
          Duration.ofMinutes(10));
      store().upsert(entry);
      stored.add(entry);
    }
    List<String> sortedIds = stored.stream().map(e -> e.id().value()).sorted().toList();
    EntryId removed = new EntryId(sortedIds.get(9));

    List<String> first = new java.util.ArrayList<>();
    List<String> second = new java.util.ArrayList<>();
    EntryId afterFirst = null;
    EntryId afterSecond = null;
    for (int round = 0; round < 4; round++) {
      List<StoredEntry> a = store().scan(afterFirst, 3, clock.millis());
      List<StoredEntry> b = store().scan(afterSecond, 3, clock.millis());
      a.forEach(e -> first.add(e.id().value()));
      b.forEach(e -> second.add(e.id().value()));
      afterFirst = a.isEmpty() ? afterFirst : a.get(a.size() - 1).id();
      afterSecond = b.isEmpty() ? afterSecond : b.get(b.size() - 1).id();
      if (round == 1) {
        store().delete(removed);
      }
    }

    List<String> expected = new java.util.ArrayList<>(sortedIds);
    expected.remove(removed.value());
    assertThat(first).isEqualTo(expected);
    assertThat(second).isEqualTo(expected);
  }

  @Test
  void scanPagesThroughLiveEntriesInIdOrderWithTheirVectors() {
    List<StoredEntry> stored = new java.util.ArrayList<>();
    for (int i = 0; i < 23; i++) {
      StoredEntry entry = entry(i % 2 == 0 ? acme : globex, "scanned prompt " + i, i % DIMENSION,
          0.8, Duration.ofMinutes(10 + i));
      store().upsert(entry);
      stored.add(entry);
    }
    StoredEntry unsearchable = new StoredEntry(EntryId.of(CacheKey.of(acme, "a long prompt")),
        acme, "a long prompt", "exact only", null, false, MODEL_ID, clock.millis(),
        clock.millis() + Duration.ofHours(1).toMillis());
    store().upsert(unsearchable);
    store().upsert(entry(acme, "expires first", 0, 0.9, Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(5));

    List<StoredEntry> scanned = new java.util.ArrayList<>();
    EntryId after = null;
    int pages = 0;
    while (true) {
      List<StoredEntry> page = store().scan(after, 5, clock.millis());
      pages++;
      scanned.addAll(page);
      if (page.size() < 5) {
        break;
      }
      after = page.get(page.size() - 1).id();
    }

    assertThat(pages).isEqualTo(5);
    assertThat(scanned).extracting(entry -> entry.id().value()).isSorted().doesNotHaveDuplicates()
        .hasSize(24);
    assertThat(scanned).extracting(StoredEntry::prompt).doesNotContain("expires first");
    for (StoredEntry original : stored) {
      StoredEntry read = scanned.stream().filter(e -> e.id().equals(original.id())).findFirst()
          .orElseThrow();
      assertThat(read.partition()).isEqualTo(original.partition());
      assertThat(read.response()).isEqualTo(original.response());
      assertThat(read.createdAtMillis()).isEqualTo(original.createdAtMillis());
      assertThat(read.expiresAtMillis()).isEqualTo(original.expiresAtMillis());
      assertThat(read.vector()).containsExactly(original.vector(),
          org.assertj.core.data.Offset.offset(1e-6f));
    }
    assertThat(scanned).filteredOn(e -> e.id().equals(unsearchable.id())).singleElement()
        .satisfies(e -> {
          assertThat(e.isSemanticallySearchable()).isFalse();
          assertThat(e.vector()).isNull();
        });
  }

  @Test
  void upsertAllStoresABatchAndTheLastOfTwoEntriesWithOneIdWins() {
    StoredEntry first = entry(acme, "batched prompt", 0, 1.0);
    StoredEntry other = entry(globex, "another batched prompt", 1, 1.0);
    StoredEntry replacement = new StoredEntry(first.id(), acme, "batched prompt", "the newer answer",
        first.vector(), true, MODEL_ID, first.createdAtMillis(), first.expiresAtMillis());

    List<EntryRefusedException> outcomes = store().upsertAll(List.of(first, other, replacement));

    assertThat(outcomes).hasSize(3).containsOnlyNulls();
    assertThat(store().get(first.id(), clock.millis()).orElseThrow().response())
        .isEqualTo("the newer answer");
    assertThat(store().get(other.id(), clock.millis())).isPresent();
    assertThat(store().scan(null, 10, clock.millis())).hasSize(2);
  }
}
