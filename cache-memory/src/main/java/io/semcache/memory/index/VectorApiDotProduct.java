package io.semcache.memory.index;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernel on the incubating JDK Vector API. Loaded reflectively by {@link DotProducts} only
 * when {@code jdk.incubator.vector} is in the boot layer, so nothing else in this package links
 * against the incubator module.
 */
final class VectorApiDotProduct implements DotProduct {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /**
   * Without hardware FMA the Vector API emulates {@code fma} very slowly, so the loop then multiplies
   * and adds separately.
   */
  private static final boolean FMA = DotProducts.hardwareFma();

  @Override
  public int lanes() {
    return SPECIES.length();
  }

  /**
   * Kept under C2's inlining limit for hot methods (325 bytecodes; the helpers are inlined into it),
   * so that the scan and the graph walk inline it instead of calling it per vector: as one method of
   * 333 bytecodes it was called.
   */
  @Override
  public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
    int lanes = SPECIES.length();
    int blocked = length - length % (4 * lanes);
    FloatVector acc = blockSum(a, aOffset, b, bOffset, blocked);
    int i = blocked;
    for (int bound = length - lanes; i <= bound; i += lanes) {
      acc = step(FloatVector.fromArray(SPECIES, a, aOffset + i),
          FloatVector.fromArray(SPECIES, b, bOffset + i), acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < length; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  /** The lane-wise sums over {@code [0, length)}, a multiple of four vectors. */
  private static FloatVector blockSum(float[] a, int aOffset, float[] b, int bOffset, int length) {
    int lanes = SPECIES.length();
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    FloatVector acc2 = FloatVector.zero(SPECIES);
    FloatVector acc3 = FloatVector.zero(SPECIES);
    // Four accumulators hide the latency of the fused multiply-add.
    for (int i = 0; i < length; i += 4 * lanes) {
      acc0 = step(FloatVector.fromArray(SPECIES, a, aOffset + i),
          FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
      acc1 = step(FloatVector.fromArray(SPECIES, a, aOffset + i + lanes),
          FloatVector.fromArray(SPECIES, b, bOffset + i + lanes), acc1);
      acc2 = step(FloatVector.fromArray(SPECIES, a, aOffset + i + 2 * lanes),
          FloatVector.fromArray(SPECIES, b, bOffset + i + 2 * lanes), acc2);
      acc3 = step(FloatVector.fromArray(SPECIES, a, aOffset + i + 3 * lanes),
          FloatVector.fromArray(SPECIES, b, bOffset + i + 3 * lanes), acc3);
    }
    return acc0.add(acc1).add(acc2.add(acc3));
  }

  private static FloatVector step(FloatVector x, FloatVector y, FloatVector acc) {
    return FMA ? x.fma(y, acc) : x.mul(y).add(acc);
  }

  @Override
  public String name() {
    return "vector-api-" + SPECIES.vectorBitSize() + "bit";
  }
}
