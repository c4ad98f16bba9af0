package io.semcache.benchmarks.index;

import io.semcache.memory.index.ScoredKey;
import io.semcache.memory.index.VectorIndex;
import io.semcache.memory.index.VectorIndexes;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongPredicate;

/** Building indexes and measuring their recall, shared by the benchmarks' setups. */
public final class Fixtures {

  public static final int DIMENSION = 384; // all-MiniLM-L6-v2
  static final LongPredicate ALL = key -> true;
  private static final int BUILD_THREADS = 2;

  private Fixtures() {}

  public static float[][] vectors(EmbeddingLikeVectors source, int count) {
    float[][] vectors = new float[count][];
    for (int i = 0; i < count; i++) {
      vectors[i] = source.next();
    }
    return vectors;
  }

  /** Half paraphrases of stored vectors (cache hits), half new texts (misses), interleaved. */
  public static float[][] queries(EmbeddingLikeVectors source, float[][] stored, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] queries = new float[count][];
    for (int i = 0; i < count; i++) {
      queries[i] = i % 2 == 0
          ? source.paraphrase(stored[random.nextInt(stored.length)])
          : source.next();
    }
    return queries;
  }

  /** Puts {@code vectors[i]} under key {@code i} from two threads; returns the seconds taken. */
  static double fill(VectorIndex index, float[][] vectors) {
    ExecutorService pool = Executors.newFixedThreadPool(BUILD_THREADS);
    long start = System.nanoTime();
    try {
      Future<?>[] parts = new Future<?>[BUILD_THREADS];
      for (int t = 0; t < BUILD_THREADS; t++) {
        int first = t;
        parts[t] = pool.submit(() -> {
          for (int i = first; i < vectors.length; i += BUILD_THREADS) {
            index.put(i, vectors[i]);
          }
        });
      }
      for (Future<?> part : parts) {
        part.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("index build failed", e);
    } finally {
      pool.shutdown();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Prints the share of queries whose top-1 agrees with exact search, for even (paraphrase) and odd
   * (new text) query positions.
   */
  static void reportRecall(String label, VectorIndex index, float[][] stored, float[][] queries) {
    VectorIndex exact = VectorIndexes.exact(DIMENSION);
    for (int i = 0; i < stored.length; i++) {
      exact.put(i, stored[i]);
    }
    int[] agree = new int[2];
    int[] asked = new int[2];
    for (int q = 0; q < queries.length; q++) {
      ScoredKey truth = exact.search(queries[q], 1, ALL).get(0);
      List<ScoredKey> found = index.search(queries[q], 1, ALL);
      asked[q % 2]++;
      if (!found.isEmpty() && (found.get(0).key() == truth.key()
          || found.get(0).score() >= truth.score())) {
        agree[q % 2]++;
      }
    }
    System.out.printf("%n[recall] %s: top-1 agreement with exact search: paraphrase %.4f,"
        + " new text %.4f, mix %.4f (%d queries)%n", label, agree[0] / (double) asked[0],
        agree[1] / (double) asked[1], (agree[0] + agree[1]) / (double) queries.length,
        queries.length);
  }
}
