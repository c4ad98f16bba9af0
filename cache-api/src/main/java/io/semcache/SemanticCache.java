package io.semcache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A cache of LLM responses keyed by what a prompt means. A lookup hits when the partition matches
 * exactly and the prompt is identical to a stored one ({@link MatchKind#EXACT}, without running the
 * embedder) or its embedding's cosine similarity to a stored prompt's is at or above the threshold
 * ({@link MatchKind#SEMANTIC}).
 *
 * <p>Failures of the backend or the embedder never reach the caller by default: lookups miss and
 * stores report {@link StoreOutcome#BACKEND_FAILED}, counted in metrics and logged (see {@link
 * FailureMode}). Invalid arguments throw {@link IllegalArgumentException} or {@link
 * NullPointerException} naming the argument. Every method is thread-safe. After {@link #close()},
 * every method but {@code close} and {@code stats} throws {@link CacheClosedException}.
 *
 * <p>A typical request path:
 *
 * <pre>{@code
 * LoadResult result = cache.getOrLoad(CacheKey.of(partition, prompt), key -> llm.complete(key.prompt()));
 * respond(result.response(), result.fromCache());
 * }</pre>
 */
public interface SemanticCache extends AutoCloseable {

  /** Looks up {@code key} with the cache's threshold for its partition. */
  default LookupResult lookup(CacheKey key) {
    return lookup(LookupRequest.of(key));
  }

  /**
   * Looks up a key with per-call options.
   *
   * @throws IllegalArgumentException if the request's embedding comes from another model or has
   *     another dimension than the cache's embedder
   * @throws CacheUnavailableException only when configured {@link FailureMode#FAIL_CLOSED}
   */
  LookupResult lookup(LookupRequest request);

  /** Stores {@code response} under {@code key} with the default time to live. */
  default StoreResult put(CacheKey key, String response) {
    return put(StoreRequest.of(key, response));
  }

  /**
   * Stores a response, replacing any entry with the same partition and prompt text. Use {@link
   * StoreRequest#forMiss} after a missed lookup so the prompt is not embedded twice.
   *
   * @throws IllegalArgumentException if the request's embedding comes from another model or has
   *     another dimension than the cache's embedder
   * @throws CacheUnavailableException only when configured {@link FailureMode#FAIL_CLOSED}
   */
  StoreResult put(StoreRequest request);

  /** {@link #getOrLoad(LookupRequest, Function)} with no per-call options. */
  default LoadResult getOrLoad(CacheKey key, Function<? super CacheKey, String> loader) {
    return getOrLoad(LookupRequest.of(key), loader);
  }

  /**
   * Returns the cached response for the request's key, or calls {@code loader} once, stores its
   * result and returns it. Concurrent calls whose prompt would match a prompt that is being loaded
   * (identical text, or similar enough to hit once stored) wait for that load instead of calling
   * the loader again. The prompt is embedded at most once.
   *
   * <p>If the loader throws, this call and every call that joined it throw the same exception and
   * nothing is stored. If the loader returns null, {@link NullPointerException} is thrown the same
   * way. A failure to store the loaded response is reported in {@link LoadResult#store()}, not
   * thrown (unless fail-closed).
   */
  LoadResult getOrLoad(LookupRequest request, Function<? super CacheKey, String> loader);

  /**
   * {@link #getOrLoad(LookupRequest, Function)} with a loader that returns the response with its
   * metadata (finish reason, token usage, content type...), which is stored with it and returned
   * on later hits. A response the loader marks as an {@link Response#error() error} reaches this
   * caller and its joiners but is not stored by the default {@link WritePolicy}; nor is one whose
   * finish reason fails the {@link io.semcache.core.SemanticCacheBuilder#cacheableFinish
   * cacheable-finish} test (by default {@code length}, {@code tool_calls}, {@code function_call},
   * {@code content_filter}, {@code error}).
   */
  LoadResult getOrLoadResponse(LookupRequest request, Function<? super CacheKey, Response> loader);

  /**
   * Get-or-load for a response that arrives as a stream. On a hit, the stored response's chunks
   * are replayed in order with their boundaries (an entry stored whole is one chunk), the stored
   * attributes on the last. On a miss, {@code loader} is called once and the chunks of its
   * publisher reach the subscriber as they arrive, while the cache captures them; the whole
   * response is stored, with its {@link ResponseMetadata#chunkLengths() chunk lengths}, only when
   * the loader's stream completes normally, and then only if the final attributes pass the cache's
   * {@link io.semcache.core.SemanticCacheBuilder#cacheableFinish cacheable-finish} test (by
   * default a {@code finish_reason} of {@code length}, {@code tool_calls}, {@code function_call},
   * {@code content_filter} or {@code error} is not stored), the request's {@link CacheControl} and
   * the {@link WritePolicy}. An error, or every reader cancelling, stores nothing.
   *
   * <p>Concurrent calls whose prompt matches the one being loaded join it and receive every chunk
   * from the start, at their own pace. One reader cancelling never cuts off the others: the
   * loader's stream is cancelled only when every reader has cancelled. When the loader's stream
   * fails, every reader gets the chunks sent so far and then the same error. Non-streamed
   * get-or-loads join a streamed load (and streamed ones a non-streamed load, receiving it as one
   * chunk) the same way.
   *
   * <p>The lookup runs on the calling thread, as in {@link #getOrLoad}; {@link
   * AsyncSemanticCache#getOrLoadStream} runs it on the cache's executor.
   *
   * @throws RuntimeException what {@code loader} throws, or {@link NullPointerException} if it
   *     returns null; the stream's own failures arrive through {@code onError}
   */
  StreamedResponse getOrLoadStream(LookupRequest request,
      Function<? super CacheKey, ? extends Flow.Publisher<ResponseChunk>> loader);

  /**
   * The callback form of {@link #getOrLoadStream(LookupRequest, Function)}, for code without
   * reactive types: hands each chunk to {@code consumer} on the calling thread, and returns when
   * the stream has ended. On a miss, {@code loader} runs on the calling thread and each chunk
   * reaches {@code consumer} as the loader hands it over. Stores, joins and replays as the
   * publisher form does.
   *
   * <p>If {@code consumer} throws, this call stops reading and rethrows it once the stream ends
   * for it: at once when nobody else reads the load (then the loader's next chunk is refused with
   * {@link java.util.concurrent.CancellationException} and nothing is stored), after the loader
   * finishes when other callers have joined it.
   *
   * @throws RuntimeException what the loader or the consumer throws; a joined load's failure
   */
  StreamResult getOrLoadStream(LookupRequest request, ChunkLoader loader,
      Consumer<? super ResponseChunk> consumer);

  /**
   * The asynchronous view of this cache: the same calls returning {@link CompletableFuture}s, run
   * on this cache's own executor.
   */
  AsyncSemanticCache async();

  /**
   * Removes one entry; see {@link EntryId#of(CacheKey)} to address an entry by its key.
   *
   * @return {@link InvalidationOutcome#REMOVED} if a live entry was removed, {@link
   *     InvalidationOutcome#NOT_FOUND} if there was none, {@link InvalidationOutcome#FAILED} when
   *     the backend failed, which is counted and logged
   * @throws CacheUnavailableException instead of returning {@code FAILED} when configured {@link
   *     FailureMode#FAIL_CLOSED}
   */
  InvalidationOutcome invalidate(EntryId id);

  /** Removes the entry stored under exactly this key; returns and throws as {@link #invalidate}. */
  default InvalidationOutcome invalidate(CacheKey key) {
    return invalidate(EntryId.of(key));
  }

  /**
   * Removes every entry of a partition.
   *
   * @return true when the backend acknowledged the removal; false when it failed, which is counted
   *     and logged
   * @throws CacheUnavailableException instead of returning false when configured {@link
   *     FailureMode#FAIL_CLOSED}
   */
  boolean invalidatePartition(Partition partition);

  /** Removes every entry of this cache; returns and throws as {@link #invalidatePartition}. */
  boolean invalidateAll();

  /**
   * Removes every entry stored with {@code tag} ({@link StoreRequest.Builder#tags}), in every
   * partition.
   *
   * @return {@code REMOVED} with the number of live entries removed; {@code UNSUPPORTED} when the
   *     backend cannot find entries by tag; {@code FAILED} when the backend failed, which is
   *     counted and logged
   * @throws IllegalArgumentException if {@code tag} is not a valid tag ({@link
   *     TagInvalidation#requireValid})
   * @throws CacheUnavailableException instead of returning {@code FAILED} when configured {@link
   *     FailureMode#FAIL_CLOSED}
   */
  TagInvalidation invalidateByTag(String tag);

  /**
   * The dry run of {@link #invalidateByTag}: counts the live entries it would remove and removes
   * nothing. Returns {@code COUNTED}, or as {@link #invalidateByTag}.
   */
  TagInvalidation countByTag(String tag);

  /** A snapshot of this cache's counters since it was built. */
  CacheStats stats();

  /** A read-only view of this cache's settings and size, for diagnostics. */
  CacheInspector inspect();

  /**
   * Bulk operations on this cache's entries: export, import (from any backend), warm-up with
   * prompt/response pairs.
   */
  CacheEntries entries();

  /**
   * Releases the backend's resources (and the embedder, if the cache was told it owns it).
   * Idempotent.
   */
  @Override
  void close();
}
