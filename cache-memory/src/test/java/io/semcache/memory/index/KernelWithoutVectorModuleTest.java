package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs in a separate Surefire execution whose JVM is started without {@code --add-modules
 * jdk.incubator.vector} (see this module's pom): the library must then fall back to the scalar kernel
 * and still work.
 */
class KernelWithoutVectorModuleTest {

  @Test
  void fallsBackToTheScalarKernelAndStillSearches() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isEmpty();
    assertThat(DotProducts.vectorApi()).isEmpty();
    assertThat(VectorIndexes.dotProductKernel()).isEqualTo("scalar");
    // The scalar int8 scan is no faster than the scalar float scan: the exact index scans floats.
    assertThat(DotProducts.vectorApiInt8()).isEmpty();
    assertThat(DotProducts.int8ForScan(64)).isNull();
    assertThat(new ExactVectorIndex(64, DotProducts.preferred()).scanName()).isEqualTo("scalar");

    SplittableRandom random = new SplittableRandom(5);
    for (VectorIndex index : List.of(VectorIndexes.exact(64),
        VectorIndexes.hnsw(64, HnswOptions.defaults()))) {
      float[][] vectors = new float[500][];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = TestVectors.randomUnit(random, 64);
        index.put(i, vectors[i]);
      }
      for (int i = 0; i < vectors.length; i += 50) {
        assertThat(index.search(vectors[i], 1, key -> true).get(0).key()).isEqualTo(i);
      }
    }
  }
}
