package io.semcache.benchmarks.index;

import io.semcache.memory.index.ExactScans;
import io.semcache.memory.index.HnswOptions;
import io.semcache.memory.index.VectorIndex;
import io.semcache.memory.index.VectorIndexes;

/** The indexes the benchmarks compare. */
public enum IndexKind {
  /** Our exact scan as the JVM picks it: int8 codes and a float re-rank with the Vector API. */
  EXACT,
  /** Our exact scan of every float row, with the Vector API: the scan before the int8 codes. */
  EXACT_FLOAT,
  /** Our exact scan forced onto the portable scalar kernel. */
  EXACT_SCALAR,
  /** Our HNSW with default parameters. */
  HNSW,
  /** jvector 4's graph with the same degree, construction beam and search beam. */
  JVECTOR;

  /** Must run before the first index of the fork is created: the kernel is chosen once per JVM. */
  void configureJvm() {
    if (this == EXACT_SCALAR) {
      System.setProperty("io.semcache.memory.index.kernel", "scalar");
    }
  }

  VectorIndex create(int dimension, int capacity, int cleanupEvery) {
    HnswOptions hnsw = HnswOptions.defaults();
    return switch (this) {
      case EXACT, EXACT_SCALAR -> VectorIndexes.exact(dimension);
      case EXACT_FLOAT -> ExactScans.floatScan(dimension);
      case HNSW -> VectorIndexes.hnsw(dimension, hnsw);
      case JVECTOR -> new JVectorIndex(dimension, capacity, 2 * hnsw.m(), hnsw.efConstruction(),
          hnsw.efSearch(), cleanupEvery);
    };
  }
}
