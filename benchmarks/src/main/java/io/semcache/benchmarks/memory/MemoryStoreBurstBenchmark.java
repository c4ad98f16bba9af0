package io.semcache.benchmarks.memory;

import io.semcache.CacheKey;
import io.semcache.Embedding;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import io.semcache.StoreResult;
import io.semcache.benchmarks.workload.GraphBuild;
import io.semcache.benchmarks.workload.SyntheticWorkload;
import java.util.Locale;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bursts of stores into a full memory cache while the graph keeps up: each iteration times {@value
 * #BURST} stores in a row (one writer, as {@link MemoryStoreBenchmark} makes them), then, untimed,
 * waits until the graph has absorbed them and prints how long that took. A burst stays under the
 * graph's limit of waiting writes (1,024), so no store applies graph work itself: this is the cost
 * of the store call when the graph keeps up; {@link MemoryStoreBenchmark} is the sustained rate,
 * where it cannot. Stores per second = {@value #BURST} / the time per burst.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MemoryStoreBurstBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 5, batchSize = MemoryStoreBurstBenchmark.BURST)
@Measurement(iterations = 20, batchSize = MemoryStoreBurstBenchmark.BURST)
public class MemoryStoreBurstBenchmark {

  static final int BURST = 1000;
  private static final int FRESH_VECTORS = 1 << 14;

  @Param({"100000"})
  int size;

  @Param({"EXACT", "APPROXIMATE"})
  SearchKind search;

  private SemanticCache cache;
  private Embedding[] fresh;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticWorkload workload = new SyntheticWorkload(size);
    cache = MemoryCaches.create(search, size);
    MemoryCaches.fill(cache, workload, search,
        "MemoryStoreBurstBenchmark " + search + " size=" + size);
    fresh = MemoryCaches.freshEmbeddings(workload, FRESH_VECTORS);
  }

  /** Untimed: the graph absorbing the burst, so that the next burst starts with none waiting. */
  @TearDown(Level.Iteration)
  public void graphCatchesUp() {
    if (search == SearchKind.APPROXIMATE) {
      long start = System.nanoTime();
      GraphBuild.await();
      System.out.printf(Locale.ROOT, "%n[burst] the graph absorbed the burst %.0f ms after it%n",
          (System.nanoTime() - start) / 1e6);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  @Benchmark
  public StoreResult put() {
    int n = next++;
    return cache.put(StoreRequest.builder(CacheKey.of(SyntheticWorkload.PARTITION,
            "burst prompt #" + n), SyntheticWorkload.RESPONSE)
        .embedding(fresh[n & (FRESH_VECTORS - 1)])
        .build());
  }
}
