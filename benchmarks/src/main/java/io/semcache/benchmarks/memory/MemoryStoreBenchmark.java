package io.semcache.benchmarks.memory;

import io.semcache.CacheKey;
import io.semcache.CacheStats;
import io.semcache.Embedding;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import io.semcache.StoreResult;
import io.semcache.benchmarks.workload.SyntheticWorkload;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Store throughput into a full memory cache: {@code maximumEntries(size)}, filled with {@code size}
 * entries in setup, so every store of a new prompt makes Caffeine evict one entry (W-TinyLFU: a
 * one-off prompt usually loses against the established entries, so it is often the new entry that
 * goes again) and the backend unindex it. Each store carries a precomputed vector (a ring of 16,384
 * new texts) under a prompt never stored before, through {@code SemanticCache.put}; the compared
 * searches are the exact scan and the approximate index, whose insert and delete costs differ by
 * orders of magnitude. The teardown prints the entry count and evictions, to show the cache stayed
 * full and evicting.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MemoryStoreBenchmark
 * # two writers: add -t 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MemoryStoreBenchmark {

  private static final int FRESH_VECTORS = 1 << 14;

  /** Entries held, and the bound: the cache is full from the first store on. */
  @Param({"100000"})
  int size;

  @Param({"EXACT", "APPROXIMATE"})
  SearchKind search;

  private SemanticCache cache;
  private Embedding[] fresh;
  private final AtomicInteger threads = new AtomicInteger();
  private CacheStats before;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticWorkload workload = new SyntheticWorkload(size);
    cache = MemoryCaches.create(search, size);
    MemoryCaches.fill(cache, workload, search, "MemoryStoreBenchmark " + search + " size=" + size);
    fresh = MemoryCaches.freshEmbeddings(workload, FRESH_VECTORS);
    before = cache.stats();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    CacheStats during = cache.stats().minus(before);
    System.out.printf(Locale.ROOT, "%n[store] %s size=%d: %d stores, %d evictions, %d entries at"
        + " the end (bound %d)%n", search, size, during.storeCount(), during.evictionCount(),
        cache.inspect().estimatedEntryCount(), size);
    cache.close();
  }

  /** Per writer: a prompt prefix of its own, a counter, and where it is in the vector ring. */
  @State(Scope.Thread)
  public static class Writer {
    String prefix;
    int next;

    @Setup(Level.Trial)
    public void setUp(MemoryStoreBenchmark benchmark) {
      int id = benchmark.threads.getAndIncrement();
      prefix = "new prompt from writer " + id + " #";
      next = id * (FRESH_VECTORS / 2);
    }
  }

  @Benchmark
  public StoreResult put(Writer writer) {
    int n = writer.next++;
    return cache.put(StoreRequest.builder(CacheKey.of(SyntheticWorkload.PARTITION,
            writer.prefix + n), SyntheticWorkload.RESPONSE)
        .embedding(fresh[n & (FRESH_VECTORS - 1)])
        .build());
  }
}
