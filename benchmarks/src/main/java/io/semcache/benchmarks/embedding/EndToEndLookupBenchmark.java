package io.semcache.benchmarks.embedding;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.Embedding;
import io.semcache.FailureMode;
import io.semcache.LookupResult;
import io.semcache.MatchKind;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import io.semcache.benchmarks.workload.Cursor;
import io.semcache.benchmarks.workload.SyntheticWorkload;
import io.semcache.embedding.DjlEmbedderConfig;
import io.semcache.embedding.DjlSentenceEmbedder;
import io.semcache.embedding.EmbeddingEngine;
import io.semcache.memory.MemorySemanticCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * A whole lookup as a router makes it, {@code SemanticCache.lookup(CacheKey)} with no embedding
 * given: the identical-text check, the real all-MiniLM-L6-v2 embedding of the prompt, the semantic
 * search, then hit verification of the candidates above the threshold, in a memory cache with the
 * library's defaults (exact scan below 20,000 entries, the default threshold, one thread per
 * inference). The cache holds {@code size} real prompts, embedded in setup: {@link
 * BenchmarkSentences#BATCH} and templated how-to questions. {@link #hit} looks up rewordings of the
 * stored prompts ({@link BenchmarkSentences#PARAPHRASES}), {@link #miss} prompts on other topics
 * ({@link BenchmarkSentences#UNRELATED}); setup keeps only those that do hit or miss and prints how
 * many ({@code [e2e]}). {@code verification} compares the default verifier chain with none.
 * Compare with {@link EmbedderBenchmark} (the model alone), {@code memory.MemoryLookupBenchmark}
 * (the search alone) and {@code verify.VerificationBenchmark} (the verifiers alone).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EndToEndLookupBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1,
    jvmArgsAppend = {"-Dai.djl.offline=true", "--add-modules=jdk.incubator.vector", "-Xmx3g"})
public class EndToEndLookupBenchmark {

  private static final Partition PARTITION = SyntheticWorkload.PARTITION;
  private static final int MIN_PROMPTS = 8;

  /** Hit verification of the candidates. */
  public enum Verification {
    /** The library's default chain ({@code Verifiers.defaults()}). */
    DEFAULT,
    /** {@code verifiers(List.of())}: similarity alone decides. */
    NONE
  }

  @Param({"PYTORCH", "ONNX_RUNTIME"})
  EmbeddingEngine engine;

  @Param({"DEFAULT", "NONE"})
  Verification verification;

  /** Prompts in the cache: the 32 of BATCH and size - 32 templated ones. */
  @Param({"10000"})
  int size;

  private DjlSentenceEmbedder embedder;
  private SemanticCache cache;
  private CacheKey[] hits;
  private CacheKey[] misses;

  @Setup(Level.Trial)
  public void setUp() {
    int fillers = size - BenchmarkSentences.BATCH.size();
    if (fillers < 0 || fillers > BenchmarkSentences.fillerCount()) {
      throw new IllegalArgumentException("size: expected " + BenchmarkSentences.BATCH.size()
          + ".." + (BenchmarkSentences.BATCH.size() + BenchmarkSentences.fillerCount())
          + " prompts, got " + size);
    }
    embedder = Embedders.create(engine, DjlEmbedderConfig.DEFAULT_INTRA_OP_THREADS,
        Runtime.getRuntime().availableProcessors());
    MemorySemanticCache.Builder builder = MemorySemanticCache.builder();
    if (verification == Verification.NONE) {
      builder.verifiers(List.of());
    }
    cache = builder
        .embedder(embedder)
        .maximumEntries(2L * size)
        .defaultTtl(Duration.ofDays(1))
        .failureMode(FailureMode.FAIL_CLOSED)
        .meterRegistry(new SimpleMeterRegistry())
        .build();

    List<String> stored = new ArrayList<>(BenchmarkSentences.BATCH);
    stored.addAll(BenchmarkSentences.filler(fillers));
    long start = System.nanoTime();
    List<Embedding> embeddings = embedder.embedAll(stored);
    for (int i = 0; i < stored.size(); i++) {
      StoreRequest store = StoreRequest.builder(CacheKey.of(PARTITION, stored.get(i)),
          SyntheticWorkload.RESPONSE).embedding(embeddings.get(i)).build();
      if (!cache.put(store).isStored()) {
        throw new IllegalStateException("setup: prompt " + i + " was not stored");
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    hits = keep(BenchmarkSentences.PARAPHRASES, true);
    misses = keep(BenchmarkSentences.UNRELATED, false);
    System.out.printf(Locale.ROOT, "%n[e2e] %s verification=%s size=%d: %d prompts embedded and"
        + " stored in %.1f s; %d of %d rewordings hit, %d of %d unrelated prompts miss at threshold"
        + " %.2f%n", engine, verification, size, stored.size(), seconds, hits.length,
        BenchmarkSentences.PARAPHRASES.size(), misses.length, BenchmarkSentences.UNRELATED.size(),
        cache.inspect().thresholdFor(PARTITION).value());
  }

  /** The prompts whose lookup hits semantically ({@code hit}) or misses; at least MIN_PROMPTS. */
  private CacheKey[] keep(List<String> prompts, boolean hit) {
    List<CacheKey> kept = new ArrayList<>();
    for (String prompt : prompts) {
      CacheKey key = CacheKey.of(PARTITION, prompt);
      LookupResult result = cache.lookup(key);
      boolean semanticHit = result instanceof LookupResult.Hit h && h.match() == MatchKind.SEMANTIC;
      if (hit ? semanticHit : !result.isHit()) {
        kept.add(key);
      }
    }
    if (kept.size() < MIN_PROMPTS) {
      throw new IllegalStateException("setup: only " + kept.size() + " prompts " + (hit ? "hit"
          : "miss") + "; expected at least " + MIN_PROMPTS);
    }
    return kept.toArray(new CacheKey[0]);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
    embedder.close();
  }


  @Benchmark
  public LookupResult hit(Cursor cursor) {
    return cache.lookup(hits[cursor.next(hits.length)]);
  }

  @Benchmark
  public LookupResult miss(Cursor cursor) {
    return cache.lookup(misses[cursor.next(misses.length)]);
  }
}
