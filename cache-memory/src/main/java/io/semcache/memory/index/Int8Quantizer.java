package io.semcache.memory.index;

/**
 * Int8 quantization with a per-vector scale: {@code code_i = round(x_i / scale)} with {@code scale
 * = max|x_i| / maxCode} (127 for rows, 63 for queries), and the exact error norm {@code ||x - scale
 * * code||}, which bounds how far a score computed from codes can be from the float score (see
 * {@link QuantizedRows}).
 */
final class Int8Quantizer {

  private Int8Quantizer() {}

  /** A row's codes with the scale and error norm they were made with. */
  record Row(byte[] codes, float scale, float error) {}

  /** Quantizes a stored row: codes within [-127, 127]. */
  static Row row(float[] vector) {
    byte[] codes = new byte[vector.length];
    float scale = scale(vector, Int8DotProduct.MAX_ROW_CODE);
    float error = quantize(vector, scale, Int8DotProduct.MAX_ROW_CODE, codes, 0);
    return new Row(codes, scale, error);
  }

  /** The scale of {@code vector}: its largest magnitude over {@code maxCode} (0 if all are 0). */
  static float scale(float[] vector, int maxCode) {
    float max = 0f;
    for (float x : vector) {
      max = Math.max(max, Math.abs(x));
    }
    return max / maxCode;
  }

  /**
   * Writes the codes of {@code vector} at {@code scale}, within {@code [-maxCode, maxCode]}, to
   * {@code codes[offset..]} and returns the error norm, rounded up so that it stays an upper bound
   * in float.
   */
  static float quantize(float[] vector, float scale, int maxCode, byte[] codes, int offset) {
    // A multiply instead of a division per component; a code that rounds the other way at a tie
    // is still exact, because the error is measured from the codes written.
    float inverse = scale == 0f ? 0f : 1f / scale;
    double squaredError = 0;
    for (int i = 0; i < vector.length; i++) {
      int code = Math.max(-maxCode, Math.min(maxCode, Math.round(vector[i] * inverse)));
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
