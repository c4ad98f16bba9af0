package io.semcache.benchmarks.memory;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.Embedding;
import io.semcache.FailureMode;
import io.semcache.SemanticCache;
import io.semcache.ShadowMode;
import io.semcache.StoreResult;
import io.semcache.benchmarks.workload.GraphBuild;
import io.semcache.benchmarks.workload.PrecomputedOnlyEmbedder;
import io.semcache.benchmarks.workload.SyntheticWorkload;
import io.semcache.memory.MemorySemanticCache;
import io.semcache.memory.index.VectorIndexes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Building and filling memory caches for the benchmarks' setups. */
public final class MemoryCaches {

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
    return create(search, maximumEntries, ShadowMode.off());
  }

  /** As {@link #create(SearchKind, long)}, in {@code shadow} mode. */
  static SemanticCache create(SearchKind search, long maximumEntries, ShadowMode shadow) {
    return MemorySemanticCache.builder()
        .shadowMode(shadow)
        .embedder(new PrecomputedOnlyEmbedder())
        .verifiers(List.of())
        .exactSearchLimit(search.exactSearchLimit())
        .maximumEntries(maximumEntries)
        .defaultTtl(Duration.ofDays(1))
        .failureMode(FailureMode.FAIL_CLOSED)
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }

  /** {@code count} new texts' precomputed vectors from {@code workload}, never stored by its fill. */
  static Embedding[] freshEmbeddings(SyntheticWorkload workload, int count) {
    float[][] vectors = workload.freshVectors(count);
    Embedding[] fresh = new Embedding[count];
    for (int i = 0; i < count; i++) {
      fresh[i] = Embedding.of(PrecomputedOnlyEmbedder.MODEL_ID, vectors[i]);
    }
    return fresh;
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
      GraphBuild.await();
    }
    double totalSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%n[load] %s: %d entries stored in %.1f s, searchable by %s"
        + " after %.1f s (kernel %s)%n", label, workload.size(), putSeconds, search, totalSeconds,
        VectorIndexes.dotProductKernel());
  }
}
