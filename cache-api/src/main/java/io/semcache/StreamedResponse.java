package io.semcache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The answer of {@link SemanticCache#getOrLoadStream(LookupRequest, java.util.function.Function)}:
 * a publisher of the response's chunks, from the loader as they arrive or replayed from the
 * cache, with where they come from.
 *
 * <p>It takes one subscriber; a second one receives {@link IllegalStateException} through {@code
 * onError}. The subscriber's demand is honoured: a chunk is only sent once requested, and the
 * loader's publisher is asked for no more chunks than the most eager of the callers reading this
 * load wants. {@code onComplete} comes after the response was stored (or refused), so a lookup
 * made then finds it.
 *
 * <p>A loading or joined response that is never subscribed keeps its load waiting: subscribe, or
 * subscribe and cancel.
 */
public interface StreamedResponse extends Flow.Publisher<ResponseChunk> {

  /** Where the chunks come from; known before the first chunk. */
  ResponseSource source();

  /** The lookup made before loading or joining; a hit when {@link #fromCache()}. */
  LookupResult lookup();

  /** Whether the chunks are replayed from the cache. */
  default boolean fromCache() {
    return lookup().isHit();
  }

  /**
   * Completes when the stream has ended normally (after the store, before the subscriber's {@code
   * onComplete}); fails with the loader's failure as its cause, or with a {@link
   * java.util.concurrent.CancellationException} when every caller reading the load cancelled.
   */
  CompletableFuture<StreamResult> result();
}
