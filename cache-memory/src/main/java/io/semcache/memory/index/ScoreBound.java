package io.semcache.memory.index;

/**
 * How far a score computed from int8 codes can be from the float score, for one quantized query
 * against unit rows: {@code slack(row) = (||x|| + e) * e_y + e * ||y||} plus float rounding, with
 * {@code ||x|| <= 1 +} {@link Vectors#NORM_TOLERANCE} (the derivation is {@link QuantizedRows}'s).
 * A row's float score lies within {@code approximate ± slack(row)}.
 */
final class ScoreBound {

  /**
   * Added to every bound with {@code dimension} units in the last place: covers float rounding in
   * the approximate score and in the float kernel's sum for a score of magnitude 1.
   */
  private static final double ROUNDING_SLACK = 1e-5;

  private final float constant;
  private final float errorFactor;

  /** The bound for {@code query}, whose codes have error norm {@code queryError}. */
  ScoreBound(float[] query, float queryError) {
    double squared = 0;
    for (float y : query) {
      squared += (double) y * y;
    }
    float norm = Math.nextUp((float) Math.sqrt(squared));
    double rowNormBound = 1 + Vectors.NORM_TOLERANCE;
    double rounding = ROUNDING_SLACK + query.length * 0x1p-23;
    this.constant = (float) (rowNormBound * queryError + rounding);
    this.errorFactor = queryError + norm;
  }

  /** The slack for a row whose codes have error norm {@code rowError}. */
  float slack(float rowError) {
    return constant + rowError * errorFactor;
  }
}
