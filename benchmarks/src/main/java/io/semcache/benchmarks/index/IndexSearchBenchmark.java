package io.semcache.benchmarks.index;

import io.semcache.memory.index.ExactScans;
import io.semcache.memory.index.ScoredKey;
import io.semcache.memory.index.VectorIndex;
import io.semcache.memory.index.VectorIndexes;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Top-1 search latency of the exact scan (Vector API and scalar kernels), our HNSW and jvector's, over
 * 384-dimensional vectors. Each fork builds its index in setup, printing the build time ("[build]")
 * and the index's top-1 agreement with exact search ("[recall]") on the same queries the benchmark
 * then cycles through: half paraphrases of stored vectors, half new texts. Compare with {@link
 * ScanBaselineBenchmark} (memory bandwidth and an empty method) from the same run.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar 'index\.' -rf json -rff index.json
 * # 1M entries (builds take minutes):  ... IndexSearchBenchmark -p size=1000000
 * # the adversarial case:              ... IndexSearchBenchmark -p data=UNIFORM
 * # int8 scan vs float scan:            ... IndexSearchBenchmark -p index=EXACT,EXACT_FLOAT
 * # smoke test (about 15 s):            ... 'index\.' -f 1 -wi 0 -i 1 -r 100ms -p size=1000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class IndexSearchBenchmark {

  private static final int QUERIES = 1024;

  @Param({"1000", "10000", "100000"})
  int size;

  @Param({"EXACT", "EXACT_FLOAT", "EXACT_SCALAR", "HNSW", "JVECTOR"})
  IndexKind index;

  @Param({"CLUSTERED"})
  VectorData data;

  private VectorIndex searched;
  private float[][] queries;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    index.configureJvm();
    EmbeddingLikeVectors source = new EmbeddingLikeVectors(data, Fixtures.DIMENSION, 42);
    float[][] stored = Fixtures.vectors(source, size);
    queries = Fixtures.queries(source, stored, QUERIES, 43);
    searched = index.create(Fixtures.DIMENSION, size, Math.max(1, size / 100));
    double seconds = Fixtures.fill(searched, stored);
    System.out.printf("%n[build] %s %s size=%d kernel=%s: %.2f s, %.1f us per put (2 threads)%n",
        index, data, size, VectorIndexes.dotProductKernel(), seconds, seconds * 1e6 / size);
    Fixtures.reportRecall(index + " " + data + " size=" + size, searched, stored, queries);
    if (index == IndexKind.EXACT || index == IndexKind.EXACT_FLOAT) {
      int[] scored = new int[QUERIES];
      for (int q = 0; q < QUERIES; q++) {
        scored[q] = ExactScans.rowsScoredInFloats(searched, queries[q], 1);
      }
      Arrays.sort(scored);
      System.out.printf("%n[rescored] %s %s size=%d scan=%s: rows scored in floats per top-1 query:"
          + " p50 %d, p99 %d, max %d%n", index, data, size, ExactScans.scanName(searched),
          scored[QUERIES / 2], scored[QUERIES * 99 / 100], scored[QUERIES - 1]);
    }
  }

  @Benchmark
  public List<ScoredKey> search() {
    return searched.search(queries[next++ & (QUERIES - 1)], 1, Fixtures.ALL);
  }
}
