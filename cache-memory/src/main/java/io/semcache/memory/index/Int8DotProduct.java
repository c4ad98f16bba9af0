package io.semcache.memory.index;

/**
 * A dot product of int8 codes in {@code [-127, 127]}, exact in int arithmetic for up to {@value
 * #MAX_LENGTH} codes. The query comes split into even and odd positions ({@link
 * Int8Quantizer#splitQuery}), the form the Vector API kernel multiplies without widening each byte.
 * Implementations are stateless.
 */
interface Int8DotProduct {

  /** The longest slice whose dot product cannot overflow an int: 127 * 127 per term. */
  int MAX_LENGTH = Integer.MAX_VALUE / (127 * 127);

  /** The sum of {@code query code i * codes[offset + i]} for {@code i} in {@code [0, length)}. */
  int dot(short[] splitQuery, byte[] codes, int offset, int length);

  /** A short name for logs and benchmarks. */
  String name();
}
