package io.semcache.benchmarks.workload;

import io.semcache.CacheKey;
import io.semcache.Embedding;
import io.semcache.LookupRequest;
import io.semcache.Partition;
import io.semcache.StoreRequest;
import io.semcache.benchmarks.index.EmbeddingLikeVectors;
import io.semcache.benchmarks.index.Fixtures;
import io.semcache.benchmarks.index.VectorData;
import io.semcache.memory.index.ScoredKey;
import io.semcache.memory.index.VectorIndex;
import io.semcache.memory.index.VectorIndexes;
import java.util.List;

/**
 * Precomputed inputs of the cache benchmarks: {@code size} entries stored in one partition and
 * {@value #QUERIES} lookups, all with embedding-like vectors from the index benchmarks' generator
 * ({@link EmbeddingLikeVectors}, fixed seeds), so a cache benchmark measures the cache and never a
 * model. Lookups alternate, as in {@code IndexSearchBenchmark}, between paraphrases of stored
 * entries (cosine about 0.9 with their original: hits) and new texts (best match about 0.75:
 * misses); the {@code [recall]} lines report the hit rate at the cache's threshold. Prompts are {@code "stored prompt #i"}
 * and {@code "query #q"}, so no lookup is an exact-text repeat.
 */
public final class SyntheticWorkload {

  public static final int DIMENSION = Fixtures.DIMENSION;
  /** Lookups per workload; a power of two, so cursors wrap with a mask. */
  public static final int QUERIES = 1024;
  public static final Partition PARTITION = Partition.of("benchmark-tenant", "benchmark-llm");
  /** A short LLM answer (about 400 characters), one shared instance. */
  public static final String RESPONSE = "To reset your password, open Settings, choose Account,"
      + " then Security, and select Reset password. You will receive an email with a link that"
      + " stays valid for 30 minutes; follow it and choose a new password of at least 12"
      + " characters. If the email does not arrive, check your spam folder, make sure the address"
      + " on your account is current, and request a new link. Signing in on other devices will"
      + " require the new password.";

  private static final String STORED_PREFIX = "stored prompt #";

  private final EmbeddingLikeVectors source;
  private float[][] stored;
  private final float[][] queries;

  /** Generates {@code size} stored vectors and the queries over them (seeds as the index benchmarks). */
  public SyntheticWorkload(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size: expected at least 1 entry, got " + size);
    }
    this.source = new EmbeddingLikeVectors(VectorData.CLUSTERED, DIMENSION, 42);
    this.stored = Fixtures.vectors(source, size);
    this.queries = Fixtures.queries(source, stored, QUERIES, 43);
  }

  public int size() {
    return storedVectors().length;
  }

  public static String storedPrompt(int i) {
    return STORED_PREFIX + i;
  }

  /** The index {@code i} of a {@link #storedPrompt(int)}, or -1 for any other prompt. */
  public static int storedIndexOf(String prompt) {
    return prompt.startsWith(STORED_PREFIX)
        ? Integer.parseInt(prompt.substring(STORED_PREFIX.length())) : -1;
  }

  public static CacheKey storedKey(int i) {
    return CacheKey.of(PARTITION, storedPrompt(i));
  }

  /** Stores entry {@code i} with its precomputed vector under {@code modelId}. */
  public StoreRequest storeRequest(int i, String modelId) {
    return StoreRequest.builder(storedKey(i), RESPONSE)
        .embedding(Embedding.of(modelId, storedVectors()[i]))
        .build();
  }

  /** The vector of stored entry {@code i}. */
  public float[] storedVector(int i) {
    return storedVectors()[i];
  }

  /** Lookup {@code q} carries a paraphrase of a stored entry when true, a new text when false. */
  public static boolean isParaphrase(int q) {
    return q % 2 == 0;
  }

  public float[] queryVector(int q) {
    return queries[q];
  }

  /** The {@value #QUERIES} lookups, each with its precomputed embedding under {@code modelId}. */
  public LookupRequest[] lookups(String modelId) {
    LookupRequest[] lookups = new LookupRequest[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      lookups[q] = lookup(q, modelId, -1);
    }
    return lookups;
  }

  /** Lookup {@code q}, with a per-call threshold when {@code threshold >= 0}. */
  public LookupRequest lookup(int q, String modelId, double threshold) {
    LookupRequest.Builder builder = LookupRequest.builder(CacheKey.of(PARTITION, "query #" + q))
        .embedding(Embedding.of(modelId, queries[q]));
    if (threshold >= 0) {
      builder.threshold(threshold);
    }
    return builder.build();
  }

  /** {@code count} further new texts (for stores), continuing the same generator. */
  public float[][] freshVectors(int count) {
    return Fixtures.vectors(source, count);
  }

  /**
   * The true top-1 of each query by an exact scan over the stored vectors (a separate exact index,
   * so it costs the stored vectors' size once more while it runs).
   */
  public Top1[] exactTop1() {
    float[][] vectors = storedVectors();
    VectorIndex exact = VectorIndexes.exact(DIMENSION);
    for (int i = 0; i < vectors.length; i++) {
      exact.put(i, vectors[i]);
    }
    Top1[] truth = new Top1[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      List<ScoredKey> best = exact.search(queries[q], 1, key -> true);
      truth[q] = new Top1((int) best.get(0).key(), best.get(0).score());
    }
    exact.clear();
    return truth;
  }

  /** Drops the stored vectors once the cache holds them, to halve the heap a large run needs. */
  public void releaseStoredVectors() {
    stored = null;
  }

  private float[][] storedVectors() {
    if (stored == null) {
      throw new IllegalStateException("the stored vectors were released");
    }
    return stored;
  }

  /** The nearest stored entry of a query and its similarity. */
  public record Top1(int index, double similarity) {}
}
