package io.semcache.benchmarks.workload;

import io.semcache.Embedder;
import io.semcache.Embedding;
import java.util.List;

/**
 * The embedder of caches whose benchmark supplies every embedding ({@code LookupRequest.embedding},
 * {@code StoreRequest.embedding}): it only names the model and dimension of the precomputed
 * vectors, and throws if the cache ever asks it for one. The benchmarks build their caches
 * fail-closed, so such a call fails the run instead of turning into a fast miss: a cache benchmark
 * that quietly ran a model, or skipped one, would measure something else than it says.
 */
public final class PrecomputedOnlyEmbedder implements Embedder {

  /** The model id stored with the benchmark's entries. */
  public static final String MODEL_ID = "semcache-benchmarks/embedding-like-384";

  @Override
  public Embedding embed(String text) {
    throw new UnsupportedOperationException("embed(\"" + abbreviate(text) + "\"): this benchmark"
        + " supplies every embedding, so the cache must not call its embedder here");
  }

  @Override
  public List<Embedding> embedAll(List<String> texts) {
    throw new UnsupportedOperationException("embedAll(" + texts.size() + " texts): this benchmark"
        + " supplies every embedding, so the cache must not call its embedder here");
  }

  @Override
  public int dimension() {
    return SyntheticWorkload.DIMENSION;
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
