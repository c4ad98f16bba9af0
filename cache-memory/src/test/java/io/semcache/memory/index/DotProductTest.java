package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DotProductTest {

  private final SplittableRandom random = new SplittableRandom(3);

  @Test
  void vectorApiIsUsedWhenTheModuleIsPresent() {
    // Surefire runs this module's tests with --add-modules jdk.incubator.vector.
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(DotProducts.vectorApi()).isPresent();
    assertThat(DotProducts.preferred().name()).startsWith("vector-api");
    assertThat(VectorIndexes.dotProductKernel()).isEqualTo(DotProducts.preferred().name());
  }

  @Test
  void scalarAndVectorApiKernelsAgreeWithADoublePrecisionReference() {
    DotProduct scalar = DotProducts.scalar();
    DotProduct simd = DotProducts.vectorApi().orElseThrow();
    for (int length = 0; length <= 1100; length += (length < 80 ? 1 : 37)) {
      int aOffset = random.nextInt(20);
      int bOffset = random.nextInt(20);
      float[] a = randomArray(aOffset + length + random.nextInt(5));
      float[] b = randomArray(bOffset + length + random.nextInt(5));
      double expected = 0;
      double magnitude = 0;
      for (int i = 0; i < length; i++) {
        expected += (double) a[aOffset + i] * b[bOffset + i];
        magnitude += Math.abs((double) a[aOffset + i] * b[bOffset + i]);
      }
      double tolerance = 1e-5 * (magnitude + 1);
      assertThat((double) scalar.dot(a, aOffset, b, bOffset, length))
          .as("scalar, length %d", length).isCloseTo(expected, within(tolerance));
      assertThat((double) simd.dot(a, aOffset, b, bOffset, length))
          .as("vector API, length %d", length).isCloseTo(expected, within(tolerance));
    }
  }

  @Test
  void kernelsReadOnlyTheGivenSlice() {
    float[] a = {100, 1, 2, 3, 100};
    float[] b = {7, 7, 4, 5, 6, 7};
    // 1*4 + 2*5 + 3*6
    assertThat(DotProducts.scalar().dot(a, 1, b, 2, 3)).isEqualTo(32f);
    assertThat(DotProducts.vectorApi().orElseThrow().dot(a, 1, b, 2, 3)).isEqualTo(32f);
  }

  private float[] randomArray(int length) {
    float[] v = new float[length];
    for (int i = 0; i < length; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }
}
