package io.semcache.benchmarks.memory;

import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.SemanticCache;
import io.semcache.benchmarks.workload.Cursor;
import io.semcache.benchmarks.workload.PrecomputedOnlyEmbedder;
import io.semcache.benchmarks.workload.Recall;
import io.semcache.benchmarks.workload.SyntheticWorkload;
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
 * A semantic lookup through the public API of the memory backend, {@code
 * SemanticCache.lookup(LookupRequest)} with the prompt's embedding given, over {@code size} entries
 * of one partition: exact scan ({@code exactSearchLimit(Integer.MAX_VALUE)}) against the
 * approximate index ({@code exactSearchLimit(0)}). The inputs are {@link SyntheticWorkload}'s
 * precomputed 384-dimensional vectors, so no model runs: half the lookups are paraphrases of stored
 * entries, half new texts, cycled per thread.
 *
 * <p>Each fork's setup stores the entries, waits for the graph when approximate, and prints one
 * {@code [recall]} line: recall@1 of this search against an exact scan of the same vectors (1.0000
 * for EXACT, a check of the measurement) and the hit rate at the default threshold, from the same
 * lookups the benchmark then times. Run it together with {@code ScanBaselineBenchmark} (same
 * {@code size} parameter): {@code sequentialRead} reads as many bytes as an exact scan of {@code
 * size} vectors, the memory-bandwidth bound of the exact scan, and its {@code baseline()} is the
 * empty reference (not repeated here, where it would rebuild every cache).
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * # sizes 1k to 100k with the bandwidth baseline (about 4 minutes):
 * java -jar benchmarks/target/benchmarks.jar 'MemoryLookupBenchmark|ScanBaselineBenchmark' \
 *     -p size=1000,10000,100000
 * # full run, 1M included (about 25 minutes): the approximate index builds on one background
 * # thread for about 12 minutes, and the fork needs up to 12 GB of heap:
 * java -jar benchmarks/target/benchmarks.jar 'MemoryLookupBenchmark|ScanBaselineBenchmark'
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx12g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MemoryLookupBenchmark {

  /** Entries in the partition; 1,000,000 is for full runs only (see the class comment). */
  @Param({"1000", "10000", "100000", "1000000"})
  int size;

  @Param({"EXACT", "APPROXIMATE"})
  SearchKind search;

  private SemanticCache cache;
  private LookupRequest[] lookups;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticWorkload workload = new SyntheticWorkload(size);
    cache = MemoryCaches.create(search, 2L * size);
    String label = "MemoryLookupBenchmark " + search + " size=" + size;
    MemoryCaches.fill(cache, workload, search, label);
    SyntheticWorkload.Top1[] truth = workload.exactTop1();
    workload.releaseStoredVectors();
    System.out.println(Recall.measure(cache, workload, truth, PrecomputedOnlyEmbedder.MODEL_ID)
        .describe(label));
    lookups = workload.lookups(PrecomputedOnlyEmbedder.MODEL_ID);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }


  @Benchmark
  public LookupResult lookup(Cursor cursor) {
    return cache.lookup(lookups[cursor.next(lookups.length)]);
  }
}
