package io.semcache.milvus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoredEntry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentWritesTest {

  private final AtomicLong nanos = new AtomicLong();
  private final RecentWrites recent = new RecentWrites(nanos::get);
  private final Partition acme = Partition.of("acme", "gpt-4o");
  private final Partition globex = Partition.of("globex", "gpt-4o");

  @Test
  void ownWritesAreFoundByIdAndBySearchUntilTheWindowEnds() {
    StoredEntry entry = entry(acme, "q", "a", new float[] {1, 0}, 100);
    recent.stored(entry);

    assertThat(recent.get(entry.id(), 100)).contains(entry);
    assertThat(recent.merge(List.of(), acme, new float[] {1, 0}, 5, 100))
        .extracting(ScoredEntry::similarity).containsExactly(1.0);
    assertThat(recent.merge(List.of(), globex, new float[] {1, 0}, 5, 100)).isEmpty();

    nanos.addAndGet(RecentWrites.WINDOW.plusMillis(1).toNanos());
    assertThat(recent.get(entry.id(), 100)).isEmpty();
    assertThat(recent.size()).isZero();
  }

  @Test
  void theLocalVersionOfAnIdReplacesMilvusStaleCopyAndResultsAreBestFirst() {
    StoredEntry stale = entry(acme, "q", "old answer", new float[] {1, 0}, 100);
    StoredEntry other = entry(acme, "p", "other", new float[] {0.6f, 0.8f}, 100);
    StoredEntry fresh = entry(acme, "q", "new answer", new float[] {1, 0}, 200);
    recent.stored(fresh);

    List<ScoredEntry> merged = recent.merge(
        List.of(new ScoredEntry(other, 0.6), new ScoredEntry(stale, 1.0)), acme,
        new float[] {1, 0}, 5, 200);

    assertThat(merged).extracting(s -> s.entry().response()).containsExactly("new answer", "other");
    assertThat(recent.merge(List.of(new ScoredEntry(other, 0.6)), acme, new float[] {1, 0}, 1,
        200)).hasSize(1);
  }

  @Test
  void rowsThisStoreDeletedAreDroppedFromMilvusResultsButLaterWritesAreNot() {
    StoredEntry byId = entry(acme, "q1", "a", new float[] {1, 0}, 100);
    StoredEntry inPartition = entry(globex, "q2", "b", new float[] {1, 0}, 100);
    recent.deleted(byId.id(), 150);
    recent.deletedPartition(globex, 150);

    assertThat(recent.deletedSince(byId)).isTrue();
    assertThat(recent.deletedSince(inPartition)).isTrue();
    assertThat(recent.deletedSince(entry(globex, "q3", "c", new float[] {1, 0}, 151))).isFalse();

    recent.deletedAll(160);
    assertThat(recent.deletedSince(entry(acme, "q4", "d", new float[] {1, 0}, 160))).isTrue();

    nanos.addAndGet(RecentWrites.WINDOW.plusMillis(1).toNanos());
    assertThat(recent.deletedSince(byId)).isFalse();
  }

  @Test
  void overflowingTheByteBoundSendsReadsBackToSessionForTheEvictedWindow() {
    String big = "x".repeat(1 << 20);
    for (int i = 0; i < 20; i++) {
      recent.stored(entry(acme, "q" + i, big, new float[] {1, 0}, 100));
    }
    assertThat(recent.overflowed()).isTrue();
    nanos.addAndGet(RecentWrites.WINDOW.plus(Duration.ofMillis(1)).toNanos());
    assertThat(recent.overflowed()).isFalse();
  }

  private static StoredEntry entry(Partition partition, String prompt, String response,
      float[] vector, long createdAt) {
    return new StoredEntry(EntryId.of(io.semcache.CacheKey.of(partition, prompt)), partition,
        prompt, response, vector, true, "model", createdAt, createdAt + 1_000_000);
  }
}
