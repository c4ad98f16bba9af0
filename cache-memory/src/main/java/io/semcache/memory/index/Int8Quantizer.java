package io.semcache.memory.index;

/**
 * Int8 quantization with a per-vector scale: {@code code_i = round(x_i / scale)} with {@code scale =
 * max|x_i| / 127}, and the exact error norm {@code ||x - scale * code||}, which bounds how far a
 * score computed from codes can be from the float score (see {@link QuantizedRows}).
 */
final class Int8Quantizer {

  private Int8Quantizer() {}

  /** The scale of {@code vector}: its largest magnitude over 127 (0 for a zero vector). */
  static float scale(float[] vector) {
    float max = 0f;
    for (float x : vector) {
      max = Math.max(max, Math.abs(x));
    }
    return max / 127f;
  }

  /**
   * Writes the codes of {@code vector} at {@code scale} to {@code codes[offset..]} and returns the
   * error norm, rounded up so that it stays an upper bound in float.
   */
  static float quantize(float[] vector, float scale, byte[] codes, int offset) {
    double squaredError = 0;
    for (int i = 0; i < vector.length; i++) {
      int code = scale == 0f ? 0 : Math.round(vector[i] / scale);
      code = Math.max(-127, Math.min(127, code));
      codes[offset + i] = (byte) code;
      double error = vector[i] - (double) scale * code;
      squaredError += error * error;
    }
    return Math.nextUp((float) Math.sqrt(squaredError));
  }

  /** The codes as shorts, the form {@link Int8DotProduct} reads a query in. */
  static short[] widen(byte[] codes) {
    short[] wide = new short[codes.length];
    for (int i = 0; i < codes.length; i++) {
      wide[i] = codes[i];
    }
    return wide;
  }
}
