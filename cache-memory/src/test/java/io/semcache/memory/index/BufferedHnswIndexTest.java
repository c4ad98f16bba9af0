package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/**
 * The graph's write buffer. Most tests hold the absorber back (its tasks queue until the test runs
 * them), so they can look at the index while writes wait for the graph and after it took them.
 */
class BufferedHnswIndexTest {

  private static final int DIMENSION = 32;
  private final SplittableRandom random = new SplittableRandom(23);
  private final List<Runnable> absorberTasks = new ArrayList<>();
  private final Map<Long, float[]> stored = new HashMap<>();

  private BufferedHnswIndex index(Executor absorber, int recentLimit) {
    HnswVectorIndex graph = new HnswVectorIndex(DIMENSION, new HnswOptions(8, 40, 1000),
        DotProducts.preferred(), VectorIndexes.hnswSeed());
    return new BufferedHnswIndex(graph, DotProducts.preferred(), absorber, recentLimit);
  }

  private BufferedHnswIndex heldBack() {
    return index(absorberTasks::add, 10_000);
  }

  private void runAbsorber() {
    while (!absorberTasks.isEmpty()) {
      absorberTasks.remove(0).run();
    }
  }

  @Test
  void aPutIsSearchableAtOnceAndTheGraphTakesItLater() {
    BufferedHnswIndex index = heldBack();
    putRandom(index, 0, 300);
    assertThat(index.graphSize()).isZero();
    assertThat(index.waiting()).isEqualTo(300);
    assertThat(index.size()).isEqualTo(300);
    assertMatchesBruteForce(index, key -> true);
    for (long key = 0; key < 300; key += 37) {
      assertThat(index.search(stored.get(key), 1, k -> true).get(0).key()).isEqualTo(key);
      assertThat(index.vector(key)).containsExactly(stored.get(key));
    }

    runAbsorber();
    assertThat(index.graphSize()).isEqualTo(300);
    assertThat(index.waiting()).isZero();
    assertMatchesBruteForce(index, key -> true);
    for (long key = 0; key < 300; key += 37) {
      assertThat(index.vector(key)).containsExactly(stored.get(key));
    }
  }

  @Test
  void removesAndReplacementsWaitingForTheGraphAreAnsweredFromTheRecentWrites() {
    BufferedHnswIndex index = heldBack();
    putRandom(index, 0, 400);
    runAbsorber();
    // Now: removals and replacements of graph nodes, and new keys, all waiting.
    for (long key = 0; key < 100; key++) {
      assertThat(index.remove(key)).isTrue();
      stored.remove(key);
    }
    assertThat(index.remove(5)).as("already removed").isFalse();
    assertThat(index.remove(10_000)).as("never stored").isFalse();
    float[] oldVector = stored.get(200L);
    putRandom(index, 100, 300); // replaces 200 keys that the graph holds
    putRandom(index, 400, 450);
    assertThat(index.size()).isEqualTo(350);
    assertThat(index.graphSize()).isEqualTo(400);
    assertThat(index.vector(5)).isNull();

    for (long key = 0; key < 100; key++) {
      long removed = key;
      assertThat(index.search(randomUnit(), 10, k -> true)).noneMatch(h -> h.key() == removed);
    }
    // The graph still holds key 200's old vector; the search must score the new one.
    List<ScoredKey> found = index.search(oldVector, 400, k -> k == 200);
    assertThat(found).singleElement().satisfies(hit -> assertThat(hit.score())
        .isCloseTo(dot(oldVector, stored.get(200L)), within(1e-5f)));
    assertMatchesBruteForce(index, key -> true);
    assertMatchesBruteForce(index, key -> key % 3 == 0);

    runAbsorber();
    assertThat(index.waiting()).isZero();
    assertThat(index.graphSize()).isEqualTo(350);
    assertThat(index.size()).isEqualTo(350);
    assertMatchesBruteForce(index, key -> true);
  }

  @Test
  void aPutRemovedBeforeTheGraphTookItCostsTheGraphNothing() {
    BufferedHnswIndex index = heldBack();
    putRandom(index, 0, 50);
    runAbsorber();
    putRandom(index, 50, 150);
    for (long key = 50; key < 150; key++) {
      assertThat(index.remove(key)).isTrue();
      stored.remove(key);
    }
    assertThat(index.size()).isEqualTo(50);
    runAbsorber();
    assertThat(index.graphSize()).isEqualTo(50);
    assertThat(index.waiting()).isZero();
    HnswVectorIndex graph = graphOf(index);
    assertThat(graph.tombstones()).as("no node was added and removed again").isZero();
    assertMatchesBruteForce(index, key -> true);
  }

  @Test
  void aWriterOutpacingTheGraphAppliesBatchesItselfSoTheRecentWritesStaySmall() {
    BufferedHnswIndex index = index(absorberTasks::add, 100);
    putRandom(index, 0, 1000);
    // The absorber never ran; the writer applied what went over the limit.
    assertThat(index.waiting()).isLessThanOrEqualTo(101);
    assertThat(index.graphSize()).isGreaterThanOrEqualTo(899);
    assertThat(index.size()).isEqualTo(1000);
    assertMatchesBruteForce(index, key -> true);
  }

  @Test
  void aSearchWhoseFilterRemovesKeysNeitherDeadlocksNorReturnsThem() {
    // Synchronous absorber: every write is applied and retired inside the filter's call.
    BufferedHnswIndex index = index(Runnable::run, 4);
    putRandom(index, 0, 200);
    assertThat(index.waiting()).isZero();
    putRandom(index, 200, 230);
    List<ScoredKey> found = index.search(randomUnit(), 20, key -> {
      if (key % 2 == 0) {
        index.remove(key);
        stored.remove(key);
        putRandom(index, 1000 + key, 1001 + key);
        return false;
      }
      return true;
    });
    assertThat(found).hasSize(20).allMatch(hit -> hit.key() % 2 == 1);
    assertMatchesBruteForce(index, key -> true);
  }

  @Test
  void aRejectedAbsorberIsReplacedByTheWriter() {
    BufferedHnswIndex index = index(task -> {
      throw new RejectedExecutionException("saturated");
    }, 1000);
    putRandom(index, 0, 100);
    assertThat(index.waiting()).isZero();
    assertThat(index.graphSize()).isEqualTo(100);
    assertMatchesBruteForce(index, key -> true);
  }

  @Test
  void forEachSeesTheLatestWritesAndClearEmptiesEverything() {
    BufferedHnswIndex index = heldBack();
    putRandom(index, 0, 100);
    runAbsorber();
    putRandom(index, 50, 150);
    for (long key = 0; key < 10; key++) {
      index.remove(key);
      stored.remove(key);
    }
    Map<Long, float[]> seen = new HashMap<>();
    index.forEach(seen::put);
    assertThat(seen).hasSameSizeAs(stored);
    stored.forEach((key, vector) -> assertThat(seen.get(key)).containsExactly(vector));

    index.clear();
    stored.clear();
    runAbsorber();
    assertThat(index.size()).isZero();
    assertThat(index.waiting()).isZero();
    assertThat(index.search(randomUnit(), 5, k -> true)).isEmpty();
    putRandom(index, 0, 20);
    runAbsorber();
    assertMatchesBruteForce(index, key -> true);
  }

  @Test
  void argumentsAreChecked() {
    BufferedHnswIndex index = heldBack();
    assertThatThrownBy(() -> index.put(1, new float[DIMENSION - 1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitVector");
    assertThatThrownBy(() -> index.search(randomUnit(), 0, k -> true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
    assertThatThrownBy(() -> index(Runnable::run, 0))
        .hasMessage("recentLimit: expected a positive integer, got 0");
    assertThat(index.size()).isZero();
  }

  private static HnswVectorIndex graphOf(BufferedHnswIndex index) {
    try {
      var field = BufferedHnswIndex.class.getDeclaredField("graph");
      field.setAccessible(true);
      return (HnswVectorIndex) field.get(index);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private void putRandom(VectorIndex index, long from, long to) {
    for (long key = from; key < to; key++) {
      float[] vector = randomUnit();
      index.put(key, vector);
      stored.put(key, vector);
    }
  }

  private float[] randomUnit() {
    return TestVectors.randomUnit(random, DIMENSION);
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** Top 5 for queries near stored vectors: the same keys and scores as brute force. */
  private void assertMatchesBruteForce(VectorIndex index, LongPredicate accept) {
    assertThat(index.size()).isEqualTo(stored.size());
    List<Long> keys = new ArrayList<>(stored.keySet());
    for (int q = 0; q < 50; q++) {
      float[] query = stored.get(keys.get(random.nextInt(keys.size())));
      List<ScoredKey> expected = BruteForce.search(stored, query, 5, accept);
      List<ScoredKey> actual = index.search(query, 5, accept);
      assertThat(actual).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i).score()).isCloseTo(expected.get(i).score(), within(1e-5f));
      }
    }
  }
}
