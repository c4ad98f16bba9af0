package io.semcache.benchmarks.memory;

import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.SemanticCache;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lookup throughput of one memory cache from one thread ({@link #oneThread}) and from two at once
 * ({@link #twoThreads}, {@code @Threads(2)}); the ratio of the two scores is the scaling. Each
 * thread cycles through the precomputed lookups from its own starting point. Three lookups are
 * compared: an exact-text repeat (no embedding, no search), and a semantic lookup with the vector
 * given answered by the exact scan or by the approximate index (as in {@link
 * MemoryLookupBenchmark}). Throughput is the total over the threads. On a 2-core machine two
 * threads can at best double it, and only if nothing else runs; the exact scan of a large
 * partition is bound by memory bandwidth, which the two cores share.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ConcurrentLookupBenchmark
 * # any other thread count: ... ConcurrentLookupBenchmark.oneThread -t 4
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ConcurrentLookupBenchmark {

  /** What a lookup does. */
  public enum Lookup {
    /** A prompt stored verbatim: the identical-text shortcut. */
    EXACT_TEXT(SearchKind.EXACT),
    /** A semantic lookup answered by an exact scan of the partition. */
    SEMANTIC_EXACT_SCAN(SearchKind.EXACT),
    /** A semantic lookup answered by the approximate index. */
    SEMANTIC_APPROXIMATE(SearchKind.APPROXIMATE);

    final SearchKind search;

    Lookup(SearchKind search) {
      this.search = search;
    }
  }

  @Param({"100000"})
  int size;

  @Param({"EXACT_TEXT", "SEMANTIC_EXACT_SCAN", "SEMANTIC_APPROXIMATE"})
  Lookup lookup;

  private SemanticCache cache;
  private LookupRequest[] requests;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticWorkload workload = new SyntheticWorkload(size);
    cache = MemoryCaches.create(lookup.search, 2L * size);
    MemoryCaches.fill(cache, workload, lookup.search,
        "ConcurrentLookupBenchmark " + lookup + " size=" + size);
    requests = new LookupRequest[SyntheticWorkload.QUERIES];
    for (int q = 0; q < requests.length; q++) {
      requests[q] = lookup == Lookup.EXACT_TEXT
          ? LookupRequest.of(SyntheticWorkload.storedKey((int) ((long) q * size / requests.length)))
          : workload.lookup(q, PrecomputedOnlyEmbedder.MODEL_ID, -1);
    }
    if (lookup == Lookup.EXACT_TEXT) {
      for (LookupRequest request : requests) {
        if (!cache.lookup(request).isHit()) {
          throw new IllegalStateException("setup: expected an exact hit for " + request.key());
        }
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }


  @Benchmark
  @Threads(1)
  public LookupResult oneThread(Cursor cursor) {
    return cache.lookup(requests[cursor.next(requests.length)]);
  }

  @Benchmark
  @Threads(2)
  public LookupResult twoThreads(Cursor cursor) {
    return cache.lookup(requests[cursor.next(requests.length)]);
  }
}
