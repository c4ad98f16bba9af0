package io.semcache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * The asynchronous view of a {@link SemanticCache} ({@link SemanticCache#async()}), with the same
 * calls. The cache's blocking work (embedding, backend calls) runs on the cache's own executor,
 * never on {@link java.util.concurrent.ForkJoinPool#commonPool()}; failures arrive in the returned
 * futures exactly as the synchronous calls would throw or report them.
 */
public interface AsyncSemanticCache {

  /** {@link SemanticCache#lookup(CacheKey)}, asynchronously. */
  default CompletableFuture<LookupResult> lookup(CacheKey key) {
    return lookup(LookupRequest.of(key));
  }

  /** {@link SemanticCache#lookup(LookupRequest)}, asynchronously. */
  CompletableFuture<LookupResult> lookup(LookupRequest request);

  /** {@link SemanticCache#put(CacheKey, String)}, asynchronously. */
  default CompletableFuture<StoreResult> put(CacheKey key, String response) {
    return put(StoreRequest.of(key, response));
  }

  /** {@link SemanticCache#put(StoreRequest)}, asynchronously. */
  CompletableFuture<StoreResult> put(StoreRequest request);

  /** {@link #getOrLoad(LookupRequest, Function)} with no per-call options. */
  default CompletableFuture<LoadResult> getOrLoad(CacheKey key,
      Function<? super CacheKey, ? extends CompletionStage<String>> loader) {
    return getOrLoad(LookupRequest.of(key), loader);
  }

  /**
   * {@link SemanticCache#getOrLoad(LookupRequest, Function)} with a loader that returns a stage, so
   * no thread waits for the LLM. Joined calls complete when the leading load completes.
   */
  CompletableFuture<LoadResult> getOrLoad(LookupRequest request,
      Function<? super CacheKey, ? extends CompletionStage<String>> loader);

  /**
   * {@link SemanticCache#getOrLoadResponse}, with a loader that returns a stage of the response
   * with its metadata.
   */
  CompletableFuture<LoadResult> getOrLoadResponse(LookupRequest request,
      Function<? super CacheKey, ? extends CompletionStage<Response>> loader);

  /**
   * {@link SemanticCache#getOrLoadStream(LookupRequest, Function)} with the lookup on the cache's
   * executor; the future completes once the chunks' source is known, before the first chunk.
   */
  CompletableFuture<StreamedResponse> getOrLoadStream(LookupRequest request,
      Function<? super CacheKey, ? extends Flow.Publisher<ResponseChunk>> loader);

  /** The synchronous cache this is a view of. */
  SemanticCache synchronous();
}
