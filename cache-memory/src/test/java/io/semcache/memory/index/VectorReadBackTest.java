package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link VectorIndex#vector}: what an export reads back, from every index kind. */
class VectorReadBackTest {

  private static final int DIMENSION = 8;

  private static Supplier<VectorIndex> kind(String name) {
    return switch (name) {
      case "exact" -> () -> VectorIndexes.exact(DIMENSION);
      case "hnsw" -> () -> VectorIndexes.hnsw(DIMENSION, new HnswOptions(8, 40, 40));
      default -> () -> VectorIndexes.adaptive(DIMENSION, AdaptiveIndexOptions.defaults());
    };
  }

  private static float[] unit(int axis) {
    float[] v = new float[DIMENSION];
    v[axis] = 0.6f;
    v[(axis + 1) % DIMENSION] = 0.8f;
    return v;
  }

  @ParameterizedTest
  @ValueSource(strings = {"exact", "hnsw", "adaptive"})
  void theVectorOfAKeyIsACopyOfTheLastPutAndNoneOnceRemoved(String name) {
    VectorIndex index = kind(name).get();
    for (int key = 0; key < 50; key++) {
      index.put(key, unit(key % DIMENSION));
    }
    index.put(7, unit(3));
    index.remove(9);

    float[] read = index.vector(7);
    assertThat(read).containsExactly(unit(3));
    read[0] = 42;
    assertThat(index.vector(7)).containsExactly(unit(3));
    assertThat(index.vector(12)).containsExactly(unit(12 % DIMENSION));
    assertThat(index.vector(9)).isNull();
    assertThat(index.vector(1000)).isNull();
  }
}
