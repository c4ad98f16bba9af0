package io.semcache.memory.index;

/**
 * A dot product of a row's int8 codes, in {@code [-127, 127]}, with a query's codes, in {@code
 * [-63, 63]} ({@link #MAX_QUERY_CODE}; the narrower range lets the Vector API kernel sum four
 * products in a short), exact in int arithmetic for up to {@value #MAX_LENGTH} codes. The query's
 * codes come as shorts, widened once per search rather than once per row. Implementations are
 * stateless.
 */
interface Int8DotProduct {

  /** The largest magnitude of a row's code. */
  int MAX_ROW_CODE = 127;

  /** The largest magnitude of a query's code. */
  int MAX_QUERY_CODE = 63;

  /** The longest slice whose dot product cannot overflow an int. */
  int MAX_LENGTH = Integer.MAX_VALUE / (MAX_ROW_CODE * MAX_QUERY_CODE);

  /** The sum of {@code query[i] * codes[offset + i]} for {@code i} in {@code [0, length)}. */
  int dot(short[] query, byte[] codes, int offset, int length);

  /** A short name for logs and benchmarks. */
  String name();
}
