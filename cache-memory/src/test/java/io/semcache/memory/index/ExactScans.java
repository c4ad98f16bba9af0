package io.semcache.memory.index;

/**
 * The exact index's float scan and quantized scan side by side, for the benchmarks. Public, in the
 * test-jar, so that the library's API stays as it is.
 */
public final class ExactScans {

  private ExactScans() {}

  /** An exact index that scans every float row. */
  public static VectorIndex floatScan(int dimension) {
    return new ExactVectorIndex(dimension, DotProducts.preferred(), null);
  }

  /** An exact index that scans int8 codes (with the scalar int8 kernel without the Vector API). */
  public static VectorIndex quantizedScan(int dimension) {
    return new ExactVectorIndex(dimension, DotProducts.preferred(),
        DotProducts.vectorApiInt8().orElse(DotProducts.scalarInt8()));
  }

  /** The kernels an index from this class scans with, e.g. {@code vector-api-int8-512bit+...}. */
  public static String scanName(VectorIndex exact) {
    return ((ExactVectorIndex) exact).scanName();
  }

  /** How many rows a top-{@code k} search for {@code query} scores in floats. */
  public static int rowsScoredInFloats(VectorIndex exact, float[] query, int k) {
    return ((ExactVectorIndex) exact).rowsScoredInFloats(query, k + FilteringSearch.SLACK);
  }
}
