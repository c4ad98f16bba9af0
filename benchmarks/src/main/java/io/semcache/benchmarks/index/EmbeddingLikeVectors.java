package io.semcache.benchmarks.index;

import io.semcache.memory.index.TestVectors;

/**
 * Deterministic benchmark inputs. {@link VectorData#CLUSTERED} imitates sentence embeddings (a
 * shared mean direction, 1,000 topics, variation along 48 directions plus a little noise: unrelated
 * texts score about 0.15, one topic about 0.5, a paraphrase about 0.9); {@link VectorData#UNIFORM}
 * is uniform random unit vectors, the adversarial worst case for a graph index. Drawn from the
 * generator the cache-memory tests use ({@code TestVectors.Corpus}, in its test-jar). Public for
 * the cache-level benchmarks in sibling packages.
 */
public final class EmbeddingLikeVectors {

  private static final int TOPICS = 1000;

  private final VectorData kind;
  private final TestVectors.Corpus corpus;

  public EmbeddingLikeVectors(VectorData kind, int dimension, long seed) {
    this.kind = kind;
    this.corpus = new TestVectors.Corpus(dimension, TOPICS, seed);
  }

  /** A stored "text". */
  public float[] next() {
    return kind == VectorData.UNIFORM ? corpus.uniform() : corpus.next();
  }

  /** A paraphrase-like query: cosine about 0.9 with {@code original}. */
  public float[] paraphrase(float[] original) {
    return corpus.paraphrase(original);
  }
}
