package io.semcache.benchmarks.index;

import java.util.SplittableRandom;

/**
 * Deterministic benchmark inputs. {@link VectorData#CLUSTERED} imitates sentence embeddings (a
 * shared mean direction, 1,000 topics, variation along 48 directions plus a little noise: unrelated
 * texts score about 0.15, one topic about 0.5, a paraphrase about 0.9); {@link VectorData#UNIFORM}
 * is uniform random unit vectors, the adversarial worst case for a graph index. The same generator
 * as the tests in {@code cache-memory} (TestVectors), kept separately because benchmarks do not
 * depend on test code. Public for the cache-level benchmarks in sibling packages.
 */
public final class EmbeddingLikeVectors {

  private static final double MEAN_WEIGHT = 0.4;
  private static final double TOPIC_WEIGHT = 0.6;
  private static final double MANIFOLD_WEIGHT = 0.6;
  private static final double NOISE_WEIGHT = 0.3;
  private static final int MANIFOLD_RANK = 48;
  private static final int TOPICS = 1000;

  private final VectorData kind;
  private final int dimension;
  private final SplittableRandom random;
  private final float[] mean;
  private final float[][] topics;
  private final float[][] basis;
  private final double[] spectrum;

  public EmbeddingLikeVectors(VectorData kind, int dimension, long seed) {
    this.kind = kind;
    this.dimension = dimension;
    this.random = new SplittableRandom(seed);
    this.mean = randomUnit();
    this.topics = new float[TOPICS][];
    for (int t = 0; t < TOPICS; t++) {
      topics[t] = randomUnit();
    }
    this.basis = new float[MANIFOLD_RANK][];
    this.spectrum = new double[MANIFOLD_RANK];
    double total = 0;
    for (int r = 0; r < MANIFOLD_RANK; r++) {
      basis[r] = randomUnit();
      spectrum[r] = 1 / Math.sqrt(r + 1.0);
      total += spectrum[r] * spectrum[r];
    }
    for (int r = 0; r < MANIFOLD_RANK; r++) {
      spectrum[r] /= Math.sqrt(total);
    }
  }

  /** A stored "text". */
  public float[] next() {
    if (kind == VectorData.UNIFORM) {
      return randomUnit();
    }
    float[] v = new float[dimension];
    float[] topic = topics[random.nextInt(TOPICS)];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) (MEAN_WEIGHT * mean[i] + TOPIC_WEIGHT * topic[i]);
    }
    addVariation(v, MANIFOLD_WEIGHT, NOISE_WEIGHT);
    return normalize(v);
  }

  /** A paraphrase-like query: cosine about 0.9 with {@code original}. */
  public float[] paraphrase(float[] original) {
    float[] v = original.clone();
    addVariation(v, 0.35, 0.25);
    return normalize(v);
  }

  private void addVariation(float[] v, double manifoldWeight, double noiseWeight) {
    for (int r = 0; r < MANIFOLD_RANK; r++) {
      float c = (float) (manifoldWeight * spectrum[r] * gaussian());
      for (int i = 0; i < dimension; i++) {
        v[i] += c * basis[r][i];
      }
    }
    double scale = noiseWeight / Math.sqrt(dimension);
    for (int i = 0; i < dimension; i++) {
      v[i] += (float) (scale * gaussian());
    }
  }

  private float[] randomUnit() {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) gaussian();
    }
    return normalize(v);
  }

  private double gaussian() {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static float[] normalize(float[] v) {
    double squared = 0;
    for (float x : v) {
      squared += (double) x * x;
    }
    float inverse = (float) (1 / Math.sqrt(squared));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inverse;
    }
    return v;
  }
}
