package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Int8DotProductTest {

  private final SplittableRandom random = new SplittableRandom(11);
  private final Int8DotProduct scalar = DotProducts.scalarInt8();
  private final Int8DotProduct simd = DotProducts.vectorApiInt8().orElseThrow();

  @Test
  void scalarAndVectorApiKernelsEqualAPlainLoop() {
    for (int length = 0; length <= 1100; length += (length < 140 ? 1 : 37)) {
      int offset = random.nextInt(70);
      byte[] query = randomCodes(length, Int8DotProduct.MAX_QUERY_CODE);
      byte[] codes = randomCodes(offset + length + random.nextInt(5), Int8DotProduct.MAX_ROW_CODE);
      assertKernelsEqualPlainLoop(query, codes, offset, length);
    }
  }

  @Test
  void extremeCodesDoNotOverflowTheShortSums() {
    for (int length : new int[] {31, 32, 33, 63, 64, 65, 127, 128, 129, 384, 385, 4096}) {
      byte[] query = new byte[length];
      byte[] codes = new byte[length];
      for (int i = 0; i < length; i++) {
        query[i] = (byte) (i % 3 == 0 ? -63 : 63);
        codes[i] = (byte) (i % 3 == 0 ? -127 : 127);
      }
      assertKernelsEqualPlainLoop(query, codes, 0, length);
      assertThat(plainLoop(query, codes, 0, length)).isEqualTo(127 * 63 * length);
      for (int i = 0; i < length; i++) {
        codes[i] = (byte) -codes[i];
      }
      assertKernelsEqualPlainLoop(query, codes, 0, length);
      assertThat(plainLoop(query, codes, 0, length)).isEqualTo(-127 * 63 * length);
    }
  }

  @Test
  void quantizationErrorIsTheDistanceToTheScaledCodes() {
    float[] vector = TestVectors.randomUnit(random, 385);
    byte[] codes = new byte[385];
    float scale = Int8Quantizer.scale(vector, 127);
    float error = Int8Quantizer.quantize(vector, scale, 127, codes, 0);
    double squared = 0;
    int largest = 0;
    for (int i = 0; i < vector.length; i++) {
      squared += Math.pow(vector[i] - (double) scale * codes[i], 2);
      largest = Math.max(largest, Math.abs(codes[i]));
    }
    assertThat(largest).isEqualTo(127);
    assertThat((double) error).isGreaterThanOrEqualTo(Math.sqrt(squared))
        .isLessThan(Math.sqrt(squared) * (1 + 1e-6));
  }

  private void assertKernelsEqualPlainLoop(byte[] query, byte[] codes, int offset, int length) {
    short[] wide = Int8Quantizer.widen(query);
    int expected = plainLoop(query, codes, offset, length);
    assertThat(scalar.dot(wide, codes, offset, length)).as("scalar, length %d", length)
        .isEqualTo(expected);
    assertThat(simd.dot(wide, codes, offset, length)).as("vector API, length %d", length)
        .isEqualTo(expected);
  }

  private static int plainLoop(byte[] query, byte[] codes, int offset, int length) {
    int sum = 0;
    for (int i = 0; i < length; i++) {
      sum += query[i] * codes[offset + i];
    }
    return sum;
  }

  private byte[] randomCodes(int length, int maxCode) {
    byte[] codes = new byte[length];
    for (int i = 0; i < length; i++) {
      codes[i] = (byte) (random.nextInt(2 * maxCode + 1) - maxCode);
    }
    return codes;
  }
}
