package io.semcache.benchmarks.memory;

/** How the memory backend searches a partition, chosen with its public builder. */
public enum SearchKind {
  /** Exact scan at every size: {@code exactSearchLimit(Integer.MAX_VALUE)}. */
  EXACT(Integer.MAX_VALUE),
  /** The approximate (HNSW) index at every size: {@code exactSearchLimit(0)}. */
  APPROXIMATE(0);

  private final int exactSearchLimit;

  SearchKind(int exactSearchLimit) {
    this.exactSearchLimit = exactSearchLimit;
  }

  int exactSearchLimit() {
    return exactSearchLimit;
  }
}
