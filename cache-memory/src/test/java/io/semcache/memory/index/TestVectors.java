package io.semcache.memory.index;

import java.util.SplittableRandom;

/**
 * Deterministic vectors for the index tests.
 *
 * <p>{@link Corpus} imitates sentence embeddings rather than uniform noise: real embeddings share a
 * mean direction, fall into topics, and vary along far fewer directions than they have dimensions.
 * Unrelated texts then score about 0.15, texts on one topic about 0.5, and a paraphrase about 0.9
 * against its original, as with MiniLM-class models. Uniform random unit vectors (see {@link
 * #randomUnit}) are the adversarial worst case for a graph index and are tested separately.
 *
 * <p>Public, in the cache-memory test-jar, because the benchmarks draw their synthetic inputs from
 * the same generator.
 */
public final class TestVectors {

  private TestVectors() {}

  public static float[] randomUnit(SplittableRandom random, int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) gaussian(random);
    }
    return normalize(v);
  }

  public static float[] normalize(float[] v) {
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

  public static float dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return (float) sum;
  }

  public static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A generator of embedding-like vectors: mean + topic + low-rank variation + a little noise. */
  public static final class Corpus {
    private static final double MEAN_WEIGHT = 0.4;
    private static final double TOPIC_WEIGHT = 0.6;
    private static final double MANIFOLD_WEIGHT = 0.6;
    private static final double NOISE_WEIGHT = 0.3;
    private static final int MANIFOLD_RANK = 48;

    private final int dimension;
    private final SplittableRandom random;
    private final float[] mean;
    private final float[][] topics;
    private final float[][] basis;
    private final double[] spectrum;

    public Corpus(int dimension, int topicCount, long seed) {
      this.dimension = dimension;
      this.random = new SplittableRandom(seed);
      this.mean = randomUnit(random, dimension);
      this.topics = new float[topicCount][];
      for (int t = 0; t < topicCount; t++) {
        topics[t] = randomUnit(random, dimension);
      }
      this.basis = new float[MANIFOLD_RANK][];
      this.spectrum = new double[MANIFOLD_RANK];
      double total = 0;
      for (int r = 0; r < MANIFOLD_RANK; r++) {
        basis[r] = randomUnit(random, dimension);
        spectrum[r] = 1 / Math.sqrt(r + 1.0); // decaying variance, like real embedding spectra
        total += spectrum[r] * spectrum[r];
      }
      for (int r = 0; r < MANIFOLD_RANK; r++) {
        spectrum[r] /= Math.sqrt(total);
      }
    }

    /** A uniform random unit vector, from this corpus' random sequence. */
    public float[] uniform() {
      return randomUnit(random, dimension);
    }

    /** A new "text": a point on a random topic. */
    public float[] next() {
      float[] v = new float[dimension];
      float[] topic = topics[random.nextInt(topics.length)];
      for (int i = 0; i < dimension; i++) {
        v[i] = (float) (MEAN_WEIGHT * mean[i] + TOPIC_WEIGHT * topic[i]);
      }
      addVariation(v, MANIFOLD_WEIGHT, NOISE_WEIGHT);
      return normalize(v);
    }

    /** A "paraphrase" of {@code original}: cosine about 0.9 with it. */
    public float[] paraphrase(float[] original) {
      float[] v = original.clone();
      addVariation(v, 0.35, 0.25);
      return normalize(v);
    }

    private void addVariation(float[] v, double manifoldWeight, double noiseWeight) {
      for (int r = 0; r < MANIFOLD_RANK; r++) {
        float c = (float) (manifoldWeight * spectrum[r] * gaussian(random));
        float[] direction = basis[r];
        for (int i = 0; i < dimension; i++) {
          v[i] += c * direction[i];
        }
      }
      double scale = noiseWeight / Math.sqrt(dimension);
      for (int i = 0; i < dimension; i++) {
        v[i] += (float) (scale * gaussian(random));
      }
    }
  }
}
