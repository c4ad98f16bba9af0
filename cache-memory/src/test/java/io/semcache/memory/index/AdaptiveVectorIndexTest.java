package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdaptiveVectorIndexTest {

  private static final int DIMENSION = 64;
  private final SplittableRandom random = new SplittableRandom(31);
  private final TestVectors.Corpus corpus = new TestVectors.Corpus(DIMENSION, 40, 37);
  private final Map<Long, float[]> stored = new HashMap<>();
  /** Builds run when the test says so, to interleave puts and removes with them. */
  private final List<Runnable> queuedBuilds = new ArrayList<>();

  private AdaptiveVectorIndex index(boolean synchronousBuilds) {
    AdaptiveIndexOptions options = AdaptiveIndexOptions.defaults()
        .withThresholds(2000, 1000)
        .withBuildExecutor(synchronousBuilds ? Runnable::run : queuedBuilds::add);
    return (AdaptiveVectorIndex) VectorIndexes.adaptive(DIMENSION, options);
  }

  @Test
  void switchesToTheGraphAboveTheUpperThresholdAndBackBelowTheLowerOne() {
    AdaptiveVectorIndex index = index(true);
    put(index, 0, 2000);
    assertThat(index.approximate()).isFalse();
    assertSameAnswersAsBruteForce(index);

    put(index, 2000, 2001);
    assertThat(index.approximate()).isTrue();
    assertThat(index.size()).isEqualTo(2001);
    assertSameAnswersAsBruteForce(index);

    // Hysteresis: shrinking below the upper threshold keeps the graph...
    remove(index, 0, 900);
    assertThat(index.approximate()).isTrue();
    assertSameAnswersAsBruteForce(index);
    // ...until the lower threshold.
    remove(index, 900, 1002);
    assertThat(index.approximate()).isFalse();
    assertThat(index.size()).isEqualTo(999);
    assertSameAnswersAsBruteForce(index);
  }

  @Test
  void putsAndRemovesMadeDuringABuildReachTheGraph() {
    AdaptiveVectorIndex index = index(false);
    put(index, 0, 2100);
    assertThat(index.building()).isTrue();
    assertThat(queuedBuilds).hasSize(1);
    // Meanwhile exact search answers and takes every change.
    remove(index, 0, 50);
    put(index, 5000, 5100);
    float[] replacement = corpus.next();
    index.put(100, replacement);
    stored.put(100L, replacement);
    // A key put and removed again, and one replaced twice: the last change must win.
    index.put(6000, corpus.next());
    index.remove(6000);
    index.put(6001, corpus.next());
    float[] last = corpus.next();
    index.put(6001, last);
    stored.put(6001L, last);
    assertThat(index.approximate()).isFalse();
    assertSameAnswersAsBruteForce(index);

    queuedBuilds.remove(0).run();
    assertThat(index.approximate()).isTrue();
    assertThat(index.building()).isFalse();
    assertThat(index.size()).isEqualTo(stored.size());
    for (long key : stored.keySet()) {
      assertThat(index.search(stored.get(key), 1, k -> true).get(0).key()).isEqualTo(key);
    }
    for (long key = 0; key < 50; key++) {
      long removed = key;
      assertThat(index.search(corpus.paraphrase(corpus.next()), 10, k -> true))
          .noneMatch(hit -> hit.key() == removed);
    }
    assertSameAnswersAsBruteForce(index);
  }

  /** Changes made while the graph is being built from its snapshot reach it through the log. */
  @Test
  void changesMadeWhileTheGraphIsBeingBuiltReachIt() throws InterruptedException {
    AdaptiveVectorIndex index = index(false);
    put(index, 0, 2100);
    Thread builder = new Thread(queuedBuilds.remove(0));
    builder.start();
    for (int round = 0; round < 6 && builder.isAlive(); round++) {
      long base = 10_000 + round * 1_000L;
      put(index, base, base + 150);
      remove(index, base, base + 40);
      for (long key = base + 40; key < base + 60; key++) { // replaced: the second vector wins
        float[] second = corpus.next();
        index.put(key, second);
        stored.put(key, second);
      }
      remove(index, round * 100L, round * 100L + 30);
    }
    builder.join(60_000);
    assertThat(index.building()).isFalse();
    assertThat(index.approximate()).isTrue();
    assertThat(index.size()).isEqualTo(stored.size());
    for (Map.Entry<Long, float[]> entry : stored.entrySet()) {
      ScoredKey top = index.search(entry.getValue(), 1, k -> true).get(0);
      assertThat(top.key()).as("key %d", entry.getKey()).isEqualTo(entry.getKey());
      assertThat(top.score()).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-4f));
    }
  }

  @Test
  void clearDiscardsABuildInProgress() {
    AdaptiveVectorIndex index = index(false);
    put(index, 0, 2100);
    index.clear();
    stored.clear();
    queuedBuilds.remove(0).run();
    assertThat(index.approximate()).isFalse();
    assertThat(index.size()).isZero();
    put(index, 0, 10);
    assertSameAnswersAsBruteForce(index);
  }

  @Test
  void aRejectedBuildLeavesTheIndexExactAndWorking() {
    AdaptiveIndexOptions options = AdaptiveIndexOptions.defaults().withThresholds(100, 50)
        .withBuildExecutor(task -> {
          throw new java.util.concurrent.RejectedExecutionException("saturated");
        });
    AdaptiveVectorIndex index = (AdaptiveVectorIndex) VectorIndexes.adaptive(DIMENSION, options);
    put(index, 0, 150);
    assertThat(index.approximate()).isFalse();
    assertThat(index.building()).isFalse();
    assertSameAnswersAsBruteForce(index);
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> AdaptiveIndexOptions.defaults().withThresholds(100, 100))
        .hasMessage("exactBelow: expected an integer in [0, hnswAbove = 100), got 100");
    assertThatThrownBy(() -> AdaptiveIndexOptions.defaults().withThresholds(0, 0))
        .hasMessage("hnswAbove: expected a positive integer, got 0");
    assertThatThrownBy(() -> new HnswOptions(1, 100, 100))
        .hasMessage("m: expected an integer in [2, 512], got 1");
    assertThatThrownBy(() -> new HnswOptions(16, 0, 100))
        .hasMessage("efConstruction: expected a positive integer, got 0");
    assertThatThrownBy(() -> new HnswOptions(16, 100, -1))
        .hasMessage("efSearch: expected a positive integer, got -1");
    assertThatThrownBy(() -> VectorIndexes.adaptive(-1, AdaptiveIndexOptions.defaults()))
        .hasMessage("dimension: expected a positive integer, got -1");
  }

  private void put(VectorIndex index, long from, long to) {
    for (long key = from; key < to; key++) {
      float[] vector = corpus.next();
      index.put(key, vector);
      stored.put(key, vector);
    }
  }

  private void remove(VectorIndex index, long from, long to) {
    for (long key = from; key < to; key++) {
      assertThat(index.remove(key)).isTrue();
      stored.remove(key);
    }
  }

  /** Paraphrase queries: the top hit is the brute-force one (scores compared, to allow ties). */
  private void assertSameAnswersAsBruteForce(VectorIndex index) {
    assertThat(index.size()).isEqualTo(stored.size());
    List<float[]> vectors = new ArrayList<>(stored.values());
    for (int q = 0; q < 100; q++) {
      float[] query = corpus.paraphrase(vectors.get(random.nextInt(vectors.size())));
      ScoredKey expected = BruteForce.search(stored, query, 1, k -> true).get(0);
      ScoredKey actual = index.search(query, 1, k -> true).get(0);
      assertThat(actual.score()).isCloseTo(expected.score(),
          org.assertj.core.api.Assertions.within(1e-5f));
    }
  }
}
