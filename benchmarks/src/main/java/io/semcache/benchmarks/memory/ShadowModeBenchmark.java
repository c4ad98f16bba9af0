package io.semcache.benchmarks.memory;

import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.SemanticCache;
import io.semcache.ShadowMode;
import io.semcache.benchmarks.workload.Cursor;
import io.semcache.benchmarks.workload.PrecomputedOnlyEmbedder;
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
 * The cost of shadow mode per lookup, beside a served lookup of the same cache and workload in
 * the same run: a shadowed lookup does the whole search, then counts what it would have decided
 * at three thresholds, with and without the verifier chain. Verification is off here (the
 * synthetic prompts mean nothing to it, see {@link MemoryCaches#create}), so this is the cost of
 * the shadow bookkeeping; with a verifier chain, shadow mode also runs every verifier on every
 * candidate above the lowest shadow threshold.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ShadowModeBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ShadowModeBenchmark {

  /** Whether the cache serves or shadows. */
  public enum Serving {
    SERVED, SHADOW
  }

  @Param({"10000"})
  int size;

  @Param({"SERVED", "SHADOW"})
  Serving serving;

  private SemanticCache cache;
  private LookupRequest[] lookups;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticWorkload workload = new SyntheticWorkload(size);
    ShadowMode shadow = serving == Serving.SHADOW
        ? ShadowMode.everywhere(0.8, 0.84, 0.9) : ShadowMode.off();
    cache = MemoryCaches.create(SearchKind.EXACT, 2L * size, shadow);
    MemoryCaches.fill(cache, workload, SearchKind.EXACT, "ShadowModeBenchmark " + serving);
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
