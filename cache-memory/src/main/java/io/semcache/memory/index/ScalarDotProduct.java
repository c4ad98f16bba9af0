package io.semcache.memory.index;

/**
 * The portable kernel. Four independent accumulators let the CPU overlap multiplications; C2 does not
 * vectorise a single-accumulator float reduction because that would reorder the additions.
 */
final class ScalarDotProduct implements DotProduct {

  static final ScalarDotProduct INSTANCE = new ScalarDotProduct();

  private ScalarDotProduct() {}

  @Override
  public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    for (int bound = length & ~3; i < bound; i += 4) {
      s0 += a[aOffset + i] * b[bOffset + i];
      s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
      s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
      s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
    }
    for (; i < length; i++) {
      s0 += a[aOffset + i] * b[bOffset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public int lanes() {
    return 1;
  }

  @Override
  public String name() {
    return "scalar";
  }
}
