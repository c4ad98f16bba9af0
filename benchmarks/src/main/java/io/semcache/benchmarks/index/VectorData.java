package io.semcache.benchmarks.index;

/** The benchmark inputs; see {@link EmbeddingLikeVectors}. */
public enum VectorData {
  /** Embedding-like: a shared mean direction, topics, low-rank variation. */
  CLUSTERED,
  /** Uniform random unit vectors: the adversarial worst case for a graph index. */
  UNIFORM
}
