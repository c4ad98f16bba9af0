package io.semcache.memory.index;

/** A dot-product kernel over slices of float arrays; implementations are stateless. */
interface DotProduct {

  /** The sum of {@code a[aOffset + i] * b[bOffset + i]} for {@code i} in {@code [0, length)}. */
  float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

  /** How many floats one instruction multiplies: 1 for the scalar kernel. */
  int lanes();

  /** A short name for logs and benchmarks. */
  String name();
}
