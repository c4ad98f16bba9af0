package io.semcache.memory.index;

import java.util.Objects;

/** Creates {@link VectorIndex} instances. */
public final class VectorIndexes {

  /** Seed of the HNSW level generator: fixed, so that a build is reproducible. */
  private static final long HNSW_SEED = 0x5EC0CAC4EL;

  private VectorIndexes() {}

  /**
   * An index that searches exactly while small and switches to HNSW when large, in both directions,
   * as {@code options} describes. This is the index to use.
   *
   * @throws IllegalArgumentException if {@code dimension < 1}
   */
  public static VectorIndex adaptive(int dimension, AdaptiveIndexOptions options) {
    Objects.requireNonNull(options, "options");
    return new AdaptiveVectorIndex(dimension, options, DotProducts.preferred());
  }

  /**
   * An index that always scans every vector: exact results, cost linear in its size.
   *
   * @throws IllegalArgumentException if {@code dimension < 1}
   */
  public static VectorIndex exact(int dimension) {
    return new ExactVectorIndex(dimension, DotProducts.preferred());
  }

  /**
   * An index that always searches an HNSW graph: approximate results, cost roughly logarithmic in its
   * size.
   *
   * @throws IllegalArgumentException if {@code dimension < 1}
   */
  public static VectorIndex hnsw(int dimension, HnswOptions options) {
    Objects.requireNonNull(options, "options");
    return new HnswVectorIndex(dimension, options, DotProducts.preferred(), HNSW_SEED);
  }

  /**
   * The dot-product kernel this JVM uses, e.g. {@code vector-api-512bit} when started with {@code
   * --add-modules jdk.incubator.vector}, else {@code scalar}.
   */
  public static String dotProductKernel() {
    return DotProducts.preferred().name();
  }

  /**
   * Whether indexes made now keep int8 codes of {@code dimension}-float vectors beside the floats
   * (one byte a dimension plus 8 per vector): with the Vector API, for the exact scan and the graph
   * walk; for the memory backend's weight estimate.
   */
  public static boolean keepsInt8Codes(int dimension) {
    return DotProducts.int8ForScan(dimension) != null || DotProducts.int8ForWalk(dimension) != null;
  }

  static long hnswSeed() {
    return HNSW_SEED;
  }
}
