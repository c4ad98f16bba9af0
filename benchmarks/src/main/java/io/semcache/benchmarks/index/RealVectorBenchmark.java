package io.semcache.benchmarks.index;

import io.semcache.memory.index.HnswOptions;
import io.semcache.memory.index.ScoredKey;
import io.semcache.memory.index.VectorIndex;
import io.semcache.memory.index.VectorIndexes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Our HNSW and exact scan on real vectors, one thread, in the same shape as the hnswlib/faiss peer
 * ({@code scripts/benchmark-baseline/index_peer.py}), which reads the same vectors file: build by
 * single puts (inserts/s), then per efSearch one untimed pass over the queries and {@code --passes}
 * timed passes (per-query p50/p90 of each pass, the median pass reported, since one pass on this
 * noisy machine can be 15 % off; recall@1 against exact top-1), then remove + re-insert of
 * spread-out keys.
 * efSearch is fixed per graph, so each efSearch gets its own build; with one thread and a fixed
 * level seed the builds are identical graphs, and both build rates are printed.
 *
 * <pre>
 * scripts/benchmark-baseline/index-real-vectors.sh        # this, the peer and the ratios
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *   io.semcache.benchmarks.index.RealVectorBenchmark --vectors FILE [--corpus N] [--ef 192,64] \
 *   [--m 16] [--ef-construction 100] [--reinserts 2000] [--exact-queries 500] [--passes 3] \
 *   [--out result.json]
 * </pre>
 */
public final class RealVectorBenchmark {

  private RealVectorBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path vectorsFile = null;
    Path out = null;
    int corpusLimit = 0;
    int m = HnswOptions.DEFAULT_M;
    int efConstruction = HnswOptions.DEFAULT_EF_CONSTRUCTION;
    int[] efs = {192, 64};
    int reinserts = 2000;
    int exactQueries = 500;
    int passes = 3;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--vectors" -> vectorsFile = Path.of(require(args[i], value));
        case "--out" -> out = Path.of(require(args[i], value));
        case "--corpus" -> corpusLimit = Integer.parseInt(require(args[i], value));
        case "--m" -> m = Integer.parseInt(require(args[i], value));
        case "--ef-construction" -> efConstruction = Integer.parseInt(require(args[i], value));
        case "--ef" -> efs = Arrays.stream(require(args[i], value).split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        case "--reinserts" -> reinserts = Integer.parseInt(require(args[i], value));
        case "--exact-queries" -> exactQueries = Integer.parseInt(require(args[i], value));
        case "--passes" -> passes = Integer.parseInt(require(args[i], value));
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
      i++;
    }
    if (vectorsFile == null) {
      throw new IllegalArgumentException("--vectors: required (the file embed_qqp.py writes)");
    }
    RealVectors data = RealVectors.read(vectorsFile, corpusLimit);
    float[][] corpus = data.corpus();
    float[][] queries = data.queries();
    int dimension = corpus[0].length;
    System.out.printf(Locale.ROOT, "[real] ours: %d corpus + %d queries, %d dims, kernel %s%n",
        corpus.length, queries.length, dimension, VectorIndexes.dotProductKernel());

    List<String> json = new ArrayList<>();
    VectorIndex exact = VectorIndexes.exact(dimension);
    for (int i = 0; i < corpus.length; i++) {
      exact.put(i, corpus[i]);
    }
    long[] truth = new long[queries.length];
    float[] truthScore = new float[queries.length];
    for (int q = 0; q < queries.length; q++) {
      ScoredKey best = exact.search(queries[q], 1, key -> true).get(0);
      truth[q] = best.key();
      truthScore[q] = dot(corpus[(int) best.key()], queries[q]); // as the check below scores
    }
    int exactCount = Math.min(exactQueries, queries.length);
    if (exactCount > 0) {
      double[] times = timeQueries(exact, queries, exactCount, 1);
      json.add(String.format(Locale.ROOT, "{\"index\":\"exact\",\"p50_us\":%.1f,\"p90_us\":%.1f}",
          percentile(times, 50), percentile(times, 90)));
      System.out.printf(Locale.ROOT, "[real] ours exact scan: p50 %.1f us, p90 %.1f us (%d queries)%n",
          percentile(times, 50), percentile(times, 90), exactCount);
    }
    exact.clear();

    for (int e = 0; e < efs.length; e++) {
      int ef = efs[e];
      VectorIndex hnsw = VectorIndexes.hnsw(dimension, new HnswOptions(m, efConstruction, ef));
      long start = System.nanoTime();
      for (int i = 0; i < corpus.length; i++) {
        hnsw.put(i, corpus[i]);
      }
      double buildSeconds = (System.nanoTime() - start) / 1e9;
      double insertsPerSecond = corpus.length / buildSeconds;
      timeQueries(hnsw, queries, queries.length, 1); // warm-up pass, untimed
      double[] p50s = new double[passes];
      double[] p90s = new double[passes];
      for (int p = 0; p < passes; p++) {
        double[] times = timeQueries(hnsw, queries, queries.length, 1);
        p50s[p] = percentile(times, 50);
        p90s[p] = percentile(times, 90);
      }
      double p50 = percentile(p50s, 50);
      double p90 = percentile(p90s, 50);
      double recall = recallAt1(hnsw, queries, truth, truthScore, corpus);
      String reinsert = "";
      double reinsertMean = Double.NaN;
      double reinsertP50 = Double.NaN;
      if (e == 0 && reinserts > 0) {
        int count = Math.min(reinserts, corpus.length);
        double[] each = new double[count];
        long stride = corpus.length / count;
        for (int i = 0; i < count; i++) {
          int key = (int) (i * stride);
          long t0 = System.nanoTime();
          hnsw.remove(key);
          hnsw.put(key, corpus[key]);
          each[i] = (System.nanoTime() - t0) / 1e3;
        }
        reinsertMean = Arrays.stream(each).average().orElse(Double.NaN);
        reinsertP50 = percentile(each, 50);
        double after = recallAt1(hnsw, queries, truth, truthScore, corpus);
        reinsert = String.format(Locale.ROOT, ", remove+re-insert %d keys: mean %.1f us, p50 %.1f us,"
            + " recall@1 after %.4f", count, reinsertMean, reinsertP50, after);
      }
      System.out.printf(Locale.ROOT, "[real] ours hnsw M %d efC %d ef %d: build %.1f s (%.0f inserts/s),"
          + " search p50 %.1f us, p90 %.1f us, recall@1 %.4f%s%n", m, efConstruction, ef,
          buildSeconds, insertsPerSecond, p50, p90, recall, reinsert);
      json.add(String.format(Locale.ROOT, "{\"index\":\"hnsw\",\"ef\":%d,\"inserts_per_s\":%.1f,"
          + "\"p50_us\":%.1f,\"p90_us\":%.1f,\"recall_at_1\":%.5f%s}", ef, insertsPerSecond,
          p50, p90, recall,
          Double.isNaN(reinsertMean) ? "" : String.format(Locale.ROOT,
              ",\"reinsert_mean_us\":%.1f,\"reinsert_p50_us\":%.1f", reinsertMean, reinsertP50)));
      hnsw.clear();
    }
    String result = "{\"side\":\"ours\",\"corpus\":" + corpus.length + ",\"queries\":"
        + queries.length + ",\"kernel\":\"" + VectorIndexes.dotProductKernel() + "\",\"results\":["
        + String.join(",", json) + "]}";
    if (out != null) {
      Files.writeString(out, result + "\n", StandardCharsets.UTF_8);
    } else {
      PrintStream stdout = System.out;
      stdout.println(result);
    }
  }

  private static String require(String flag, String value) {
    if (value == null) {
      throw new IllegalArgumentException(flag + ": expected a value after it");
    }
    return value;
  }

  /** Per-query search times in microseconds, top-{@code k}, for the first {@code count} queries. */
  private static double[] timeQueries(VectorIndex index, float[][] queries, int count, int k) {
    double[] times = new double[count];
    long sink = 0;
    for (int q = 0; q < count; q++) {
      long t0 = System.nanoTime();
      List<ScoredKey> found = index.search(queries[q], k, key -> true);
      times[q] = (System.nanoTime() - t0) / 1e3;
      sink += found.isEmpty() ? 0 : found.get(0).key();
    }
    if (sink == Long.MIN_VALUE) {
      System.out.println("unreachable " + sink); // keeps the results live for the JIT
    }
    return times;
  }

  /** The share of queries whose top-1 is the exact top-1, or scores at least as high (a tie). */
  static double recallAt1(VectorIndex index, float[][] queries, long[] truth, float[] truthScore,
      float[][] corpus) {
    int agree = 0;
    for (int q = 0; q < queries.length; q++) {
      List<ScoredKey> found = index.search(queries[q], 1, key -> true);
      if (!found.isEmpty() && (found.get(0).key() == truth[q]
          || dot(corpus[(int) found.get(0).key()], queries[q]) >= truthScore[q])) {
        agree++;
      }
    }
    return agree / (double) queries.length;
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** Nearest-rank percentile (the ceil(p/100 n)-th smallest), as the peer computes it. */
  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.max(1, Math.min(sorted.length, Math.ceil(p / 100.0 * sorted.length)));
    return sorted[rank - 1];
  }
}
