package io.semcache.benchmarks.index;

import io.semcache.memory.index.ExactScans;
import io.semcache.memory.index.ScoredKey;
import io.semcache.memory.index.VectorIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The exact index's int8 scan against its float scan on real vectors ({@link RealVectors}), one
 * thread: per corpus size, top-1 search p50/p90 of each, timed alternately query by query so that
 * both see the same load; top-1 agreement with the float scan; and how many rows the int8 scan's
 * pass 2 scores in floats.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *   io.semcache.benchmarks.index.RealExactScanBenchmark FILE [SIZE ...]   # default: 10000 and all
 * </pre>
 */
public final class RealExactScanBenchmark {

  private static final int PASSES = 3;

  private RealExactScanBenchmark() {}

  public static void main(String[] args) throws IOException {
    RealVectors data = RealVectors.read(Path.of(args[0]), 0);
    int[] sizes = args.length > 1
        ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
        : new int[] {10_000, data.corpus().length};
    float[][] queries = data.queries();
    int dimension = queries[0].length;
    for (int size : sizes) {
      VectorIndex floats = ExactScans.floatScan(dimension);
      VectorIndex quantized = ExactScans.quantizedScan(dimension);
      for (int i = 0; i < size; i++) {
        floats.put(i, data.corpus()[i]);
        quantized.put(i, data.corpus()[i]);
      }
      int agree = 0;
      int sameKey = 0;
      double[] scored = new double[queries.length];
      for (int q = 0; q < queries.length; q++) {
        ScoredKey f = floats.search(queries[q], 1, key -> true).get(0);
        ScoredKey i8 = quantized.search(queries[q], 1, key -> true).get(0);
        sameKey += f.key() == i8.key() ? 1 : 0;
        agree += f.key() == i8.key() || f.score() == i8.score() ? 1 : 0;
        scored[q] = ExactScans.rowsScoredInFloats(quantized, queries[q], 1);
      }
      double[] floatTimes = new double[queries.length * PASSES];
      double[] int8Times = new double[queries.length * PASSES];
      long sink = 0;
      for (int pass = -1; pass < PASSES; pass++) { // pass -1 warms up, untimed
        for (int q = 0; q < queries.length; q++) {
          long t0 = System.nanoTime();
          sink += floats.search(queries[q], 1, key -> true).get(0).key();
          long t1 = System.nanoTime();
          sink += quantized.search(queries[q], 1, key -> true).get(0).key();
          long t2 = System.nanoTime();
          if (pass >= 0) {
            floatTimes[pass * queries.length + q] = (t1 - t0) / 1e3;
            int8Times[pass * queries.length + q] = (t2 - t1) / 1e3;
          }
        }
      }
      double floatP50 = RealVectorBenchmark.percentile(floatTimes, 50);
      double int8P50 = RealVectorBenchmark.percentile(int8Times, 50);
      System.out.printf(Locale.ROOT, "[exact-scan] size %d, %s: float p50 %.1f us p90 %.1f us,"
          + " int8 p50 %.1f us p90 %.1f us, int8/float p50 %.3f; top-1 same key %d/%d, same key or"
          + " score %d/%d; rows scored in floats p50 %.0f p99 %.0f max %.0f mean %.1f%n", size,
          ExactScans.scanName(quantized), floatP50,
          RealVectorBenchmark.percentile(floatTimes, 90), int8P50,
          RealVectorBenchmark.percentile(int8Times, 90), int8P50 / floatP50, sameKey,
          queries.length, agree, queries.length, RealVectorBenchmark.percentile(scored, 50),
          RealVectorBenchmark.percentile(scored, 99), RealVectorBenchmark.percentile(scored, 100),
          Arrays.stream(scored).average().orElse(Double.NaN));
      if (sink == Long.MIN_VALUE) {
        System.out.println("unreachable " + sink); // keeps the results live for the JIT
      }
    }
  }
}
