package io.semcache.memory.index;

/**
 * A dot product of int8 codes in {@code [-127, 127]}, exact in int arithmetic for up to {@value
 * #MAX_LENGTH} codes. The query's codes come as shorts, widened once per search rather than once
 * per row. Implementations are stateless.
 */
interface Int8DotProduct {

  /** The longest slice whose dot product cannot overflow an int: 127 * 127 per term. */
  int MAX_LENGTH = Integer.MAX_VALUE / (127 * 127);

  /** The sum of {@code query[i] * codes[offset + i]} for {@code i} in {@code [0, length)}. */
  int dot(short[] query, byte[] codes, int offset, int length);

  /** A short name for logs and benchmarks. */
  String name();
}
