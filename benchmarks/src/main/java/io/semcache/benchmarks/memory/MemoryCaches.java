package io.semcache.benchmarks.memory;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.FailureMode;
import io.semcache.SemanticCache;
import io.semcache.StoreResult;
import io.semcache.benchmarks.workload.PrecomputedOnlyEmbedder;
import io.semcache.benchmarks.workload.SyntheticWorkload;
import io.semcache.memory.MemorySemanticCache;
import io.semcache.memory.index.VectorIndexes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Building and filling memory caches for the benchmarks' setups. */
public final class MemoryCaches {

  /**
   * The name prefix of the thread on which each memory cache builds its graphs
   * (MemoryEntryStore#buildThreadName). Watching it is the only way to see from outside that a
   * graph is ready.
   */
  private static final String GRAPH_BUILD_THREAD = "semcache-memory-index-build-";
  private static final String INDEX_PACKAGE = "io.semcache.memory.index.";
  private static final Duration GRAPH_BUILD_TIMEOUT = Duration.ofHours(1);

  private MemoryCaches() {}

  /**
   * A memory cache as an application would build it, on precomputed vectors: fail-closed (so a
   * failure fails the benchmark instead of becoming a fast miss), metrics recorded into a simple
   * registry (as with metrics on), a TTL longer than any run. Hit verification is off: it compares
   * prompt texts, and the synthetic prompts here ("stored prompt #12") mean nothing to it, so it
   * would only refuse candidates at random; its cost is measured by {@code
   * verify.VerificationBenchmark} and, on real prompts, {@code embedding.EndToEndLookupBenchmark}.
   */
  static SemanticCache create(SearchKind search, long maximumEntries) {
    return MemorySemanticCache.builder()
        .embedder(new PrecomputedOnlyEmbedder())
        .verifiers(List.of())
        .exactSearchLimit(search.exactSearchLimit())
        .maximumEntries(maximumEntries)
        .defaultTtl(Duration.ofDays(1))
        .failureMode(FailureMode.FAIL_CLOSED)
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }

  /**
   * Stores every entry of {@code workload} through {@code put}; for {@link SearchKind#APPROXIMATE}
   * then waits until the background graph build has caught up, so lookups use the graph.
   */
  static void fill(SemanticCache cache, SyntheticWorkload workload, SearchKind search,
      String label) {
    long start = System.nanoTime();
    for (int i = 0; i < workload.size(); i++) {
      StoreResult result = cache.put(workload.storeRequest(i, PrecomputedOnlyEmbedder.MODEL_ID));
      if (!result.isStored()) {
        throw new IllegalStateException("setup: store " + i + " was not stored: " + result);
      }
    }
    double putSeconds = (System.nanoTime() - start) / 1e9;
    if (search == SearchKind.APPROXIMATE) {
      awaitGraphBuild();
    }
    double totalSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%n[load] %s: %d entries stored in %.1f s, searchable by %s"
        + " after %.1f s (kernel %s)%n", label, workload.size(), putSeconds, search, totalSeconds,
        VectorIndexes.dotProductKernel());
  }

  /**
   * Waits until the memory backend's graph-build thread is idle. With {@code exactSearchLimit(0)}
   * the build starts at the second store and then replays the stores made meanwhile; until it
   * swaps the graph in, searches are exact.
   *
   * @throws IllegalStateException if the build thread never appeared (renamed?) or does not finish
   *     within an hour
   */
  public static void awaitGraphBuild() {
    long deadline = System.nanoTime() + GRAPH_BUILD_TIMEOUT.toNanos();
    while (true) {
      boolean seen = false;
      boolean busy = false;
      for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
        if (thread.getKey().getName().startsWith(GRAPH_BUILD_THREAD)) {
          seen = true;
          for (StackTraceElement frame : thread.getValue()) {
            busy |= frame.getClassName().startsWith(INDEX_PACKAGE);
          }
        }
      }
      if (!seen) {
        throw new IllegalStateException("setup: no thread '" + GRAPH_BUILD_THREAD + "*' after the"
            + " stores, so the benchmark cannot tell when the graph is searchable; has cache-memory"
            + " renamed its build thread?");
      }
      if (!busy) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("setup: the graph build took longer than "
            + GRAPH_BUILD_TIMEOUT);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("setup: interrupted while waiting for the graph", e);
      }
    }
  }
}
