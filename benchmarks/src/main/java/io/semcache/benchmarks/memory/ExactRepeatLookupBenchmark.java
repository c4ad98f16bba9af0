package io.semcache.benchmarks.memory;

import io.semcache.CacheKey;
import io.semcache.EntryId;
import io.semcache.LookupResult;
import io.semcache.MatchKind;
import io.semcache.SemanticCache;
import io.semcache.benchmarks.workload.Cursor;
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
 * An exact-repeat lookup in the memory backend: {@code SemanticCache.lookup(CacheKey)} of a prompt
 * stored verbatim, answered by the identical-text shortcut without embedding (the cache's embedder
 * throws if called, and the cache is fail-closed). Keys are the stored keys, cycled per thread;
 * setup checks that each is an exact hit. {@link #entryIdOf} isolates the part of it spent deriving
 * the entry id (SHA-256 of the partition, then of partition digest and prompt); {@link #baseline}
 * is the empty reference.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ExactRepeatLookupBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ExactRepeatLookupBenchmark {

  private static final int KEYS = 1024;

  @Param({"10000"})
  int size;

  private SemanticCache cache;
  private CacheKey[] keys;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticWorkload workload = new SyntheticWorkload(size);
    cache = MemoryCaches.create(SearchKind.EXACT, 2L * size);
    MemoryCaches.fill(cache, workload, SearchKind.EXACT, "ExactRepeatLookupBenchmark size=" + size);
    keys = new CacheKey[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = SyntheticWorkload.storedKey((int) ((long) i * size / KEYS));
      LookupResult result = cache.lookup(keys[i]);
      if (!(result instanceof LookupResult.Hit hit) || hit.match() != MatchKind.EXACT) {
        throw new IllegalStateException("setup: expected an exact hit for " + keys[i] + ", got "
            + result);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }


  @Benchmark
  public LookupResult exactRepeat(Cursor cursor) {
    return cache.lookup(keys[cursor.next(keys.length)]);
  }

  @Benchmark
  public EntryId entryIdOf(Cursor cursor) {
    return EntryId.of(keys[cursor.next(keys.length)]);
  }

  @Benchmark
  public void baseline() {
    // intentionally empty: the cost of calling a benchmark
  }
}
