package io.semcache;

import java.util.concurrent.CompletableFuture;
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
   * caller and its joiners but is not stored by the default {@link WritePolicy}.
   */
  LoadResult getOrLoadResponse(LookupRequest request, Function<? super CacheKey, Response> loader);

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
