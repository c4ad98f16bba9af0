package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class ExactVectorIndexTest {

  private static final int DIMENSION = 48;
  private final SplittableRandom random = new SplittableRandom(17);
  private final ExactVectorIndex index = new ExactVectorIndex(DIMENSION, DotProducts.preferred());
  private final Map<Long, float[]> stored = new HashMap<>();

  @Test
  void matchesBruteForceThroughManyPutsRemovesAndReplacements() {
    List<Long> keys = new ArrayList<>();
    for (int round = 0; round < 20_000; round++) {
      int action = random.nextInt(10);
      if (action < 5 || keys.isEmpty()) {
        long key = random.nextLong();
        put(key, TestVectors.randomUnit(random, DIMENSION));
        keys.add(key);
      } else if (action < 9) {
        long key = keys.remove(random.nextInt(keys.size()));
        assertThat(index.remove(key)).isTrue();
        stored.remove(key);
      } else {
        put(keys.get(random.nextInt(keys.size())), TestVectors.randomUnit(random, DIMENSION));
      }
      if (round % 500 == 0) {
        assertMatchesBruteForce(5, key -> true);
      }
    }
    assertThat(index.size()).isEqualTo(stored.size());
    assertMatchesBruteForce(10, key -> true);
    assertMatchesBruteForce(3, key -> (key & 1) == 0);
  }

  @Test
  void removalsKeepStorageDenseAndGiveMemoryBack() {
    // 20 chunks of 1,024 rows at 48 dimensions; trimming keeps one chunk of slack.
    for (long key = 0; key < 20_000; key++) {
      put(key, TestVectors.randomUnit(random, DIMENSION));
    }
    int grown = index.capacity();
    for (long key = 0; key < 19_900; key++) {
      assertThat(index.remove(key)).isTrue();
      stored.remove(key);
    }
    assertThat(index.size()).isEqualTo(100);
    assertThat(index.capacity()).isLessThan(grown / 8);
    assertMatchesBruteForce(5, key -> true);
    // Freed rows are reused: the index grows back to the same footprint, not beyond it.
    for (long key = 40_000; key < 59_900; key++) {
      put(key, TestVectors.randomUnit(random, DIMENSION));
    }
    assertThat(index.capacity()).isLessThanOrEqualTo(grown);
    assertMatchesBruteForce(5, key -> true);
  }

  @Test
  void removedKeysAreNeverReturned() {
    for (long key = 0; key < 1000; key++) {
      put(key, TestVectors.randomUnit(random, DIMENSION));
    }
    for (long key = 0; key < 1000; key += 2) {
      index.remove(key);
      stored.remove(key);
    }
    for (int q = 0; q < 50; q++) {
      for (ScoredKey hit : index.search(TestVectors.randomUnit(random, DIMENSION), 50, k -> true)) {
        assertThat(hit.key() % 2).isEqualTo(1);
      }
    }
    assertThat(index.remove(0)).isFalse();
  }

  @Test
  void filterSkipsRejectedKeysEvenWhenMostAreRejected() {
    for (long key = 0; key < 5000; key++) {
      put(key, TestVectors.randomUnit(random, DIMENSION));
    }
    assertMatchesBruteForce(10, key -> key % 97 == 0);
    assertMatchesBruteForce(10, key -> key != 17);
    float[] query = TestVectors.randomUnit(random, DIMENSION);
    assertThat(index.search(query, 5, key -> false)).isEmpty();
    assertThat(index.search(query, 5, key -> key == 4242)).extracting(ScoredKey::key)
        .containsExactly(4242L);
  }

  @Test
  void returnsFewerThanKWhenFewerAreStored() {
    put(1, TestVectors.randomUnit(random, DIMENSION));
    put(2, TestVectors.randomUnit(random, DIMENSION));
    assertThat(index.search(TestVectors.randomUnit(random, DIMENSION), 10, k -> true)).hasSize(2);
    index.clear();
    assertThat(index.size()).isZero();
    assertThat(index.search(TestVectors.randomUnit(random, DIMENSION), 10, k -> true)).isEmpty();
  }

  @Test
  void theIndexCopiesThePutArray() {
    float[] vector = TestVectors.randomUnit(random, DIMENSION);
    index.put(7, vector);
    float[] original = vector.clone();
    vector[0] = -vector[0];
    assertThat(index.search(original, 1, k -> true).get(0).score()).isCloseTo(1f, within(1e-5f));
  }

  @Test
  void badArgumentsAreRejectedWithTheArgumentNamed() {
    assertThatThrownBy(() -> index.put(1, new float[DIMENSION + 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unitVector: expected 48 floats, got 49");
    float[] notUnit = TestVectors.randomUnit(random, DIMENSION);
    notUnit[0] += 0.5f;
    assertThatThrownBy(() -> index.put(1, notUnit))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unitVector: expected a unit vector (L2 norm 1), got L2 norm");
    float[] nan = TestVectors.randomUnit(random, DIMENSION);
    nan[3] = Float.NaN;
    assertThatThrownBy(() -> index.put(1, nan))
        .hasMessage("unitVector: expected finite values, got NaN or infinity");
    assertThatThrownBy(() -> index.put(1, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("unitVector");
    float[] query = TestVectors.randomUnit(random, DIMENSION);
    assertThatThrownBy(() -> index.search(query, 0, k -> true))
        .hasMessage("k: expected a positive integer, got 0");
    assertThatThrownBy(() -> index.search(new float[3], 1, k -> true))
        .hasMessage("unitQuery: expected 48 floats, got 3");
    assertThatThrownBy(() -> index.search(query, 1, null))
        .isInstanceOf(NullPointerException.class).hasMessage("accept");
    assertThatThrownBy(() -> VectorIndexes.exact(0))
        .hasMessage("dimension: expected a positive integer, got 0");
    assertThat(index.size()).isZero();
  }

  private void put(long key, float[] vector) {
    index.put(key, vector);
    stored.put(key, vector);
  }

  private void assertMatchesBruteForce(int k, LongPredicate accept) {
    for (int q = 0; q < 5; q++) {
      float[] query = TestVectors.randomUnit(random, DIMENSION);
      List<ScoredKey> expected = BruteForce.search(stored, query, k, accept);
      List<ScoredKey> actual = index.search(query, k, accept);
      assertThat(actual).hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        // Float rounding may swap near-ties; the score at each rank must still be the true one.
        assertThat(actual.get(i).score()).isCloseTo(expected.get(i).score(), within(1e-5f));
        assertThat(TestVectors.dot(query, stored.get(actual.get(i).key())))
            .isCloseTo(actual.get(i).score(), within(1e-5f));
        assertThat(accept.test(actual.get(i).key())).isTrue();
      }
    }
  }
}
