package io.semcache.core;

import io.semcache.CacheControl;
import io.semcache.CacheKey;
import io.semcache.Embedding;
import io.semcache.LoadResult;
import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.LookupResult.Hit;
import io.semcache.LookupResult.Miss;
import io.semcache.MatchKind;
import io.semcache.MissReason;
import io.semcache.Response;
import io.semcache.ResponseSource;
import io.semcache.SemanticCacheException;
import io.semcache.ShadowDecision;
import io.semcache.StoreOutcome;
import io.semcache.StoreRequest;
import io.semcache.StoreResult;
import io.semcache.core.InFlightLoads.Decision;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Get-or-load: a miss either joins a matching load in flight or leads a new one, whose response
 * is stored before the callers that joined it are released. The cache it serves does the lookups
 * and stores; this class only coordinates who loads.
 */
final class LoadCoordinator {

  /** Lookups repeated when a matching load finished during the lookup, before leading anyway. */
  private static final int MAX_LOOKUPS_PER_LOAD = 3;

  private final CoreSemanticCache cache;
  private final VerifierChain verifiers;
  private final CacheMetrics metrics;
  private final Executor executor;
  private final InFlightLoads inFlightLoads = new InFlightLoads();

  LoadCoordinator(CoreSemanticCache cache, VerifierChain verifiers, CacheMetrics metrics,
      Executor executor) {
    this.cache = cache;
    this.verifiers = verifiers;
    this.metrics = metrics;
    this.executor = executor;
  }

  int pendingCount() {
    return inFlightLoads.pendingCount();
  }

  /** What a get-or-load does after its lookup. */
  private sealed interface Step {}

  private record Done(LoadResult result) implements Step {}

  private record Join(Miss miss, CompletableFuture<Response> result) implements Step {}

  /**
   * This call loads; its request's cache control decides whether the answer is stored. A shadowed
   * lookup's decision waits for the loaded response before it is logged.
   */
  private record Lead(Miss miss, InFlightLoads.Pending pending, CacheControl control,
      @Nullable ShadowDecision shadowDecision) implements Step {}

  LoadResult getOrLoad(LookupRequest request, Function<? super CacheKey, Response> loader) {
    Step step = lookUpOrJoin(request);
    if (step instanceof Done done) {
      return done.result();
    }
    if (step instanceof Join join) {
      return joined(join, await(join.result()));
    }
    Lead lead = (Lead) step;
    Response response;
    try {
      response = Objects.requireNonNull(loader.apply(request.key()), "loader returned null");
    } catch (RuntimeException | Error e) {
      failLead(lead, e);
      throw e;
    }
    return finishLead(lead, response);
  }

  CompletableFuture<LoadResult> getOrLoadAsync(LookupRequest request,
      Function<? super CacheKey, ? extends CompletionStage<Response>> loader) {
    return CompletableFuture.supplyAsync(() -> lookUpOrJoin(request), executor)
        .thenCompose(step -> {
          if (step instanceof Done done) {
            return CompletableFuture.completedFuture(done.result());
          }
          if (step instanceof Join join) {
            return join.result().thenApply(response -> joined(join, response));
          }
          Lead lead = (Lead) step;
          CompletionStage<Response> loading;
          try {
            loading = Objects.requireNonNull(loader.apply(request.key()),
                "loader returned a null stage");
          } catch (RuntimeException | Error e) {
            failLead(lead, e);
            return CompletableFuture.failedFuture(e);
          }
          return loading.toCompletableFuture().handleAsync((response, failure) -> {
            Throwable cause = failure instanceof CompletionException ce && ce.getCause() != null
                ? ce.getCause() : failure;
            if (cause == null && response == null) {
              cause = new NullPointerException("loader completed with null");
            }
            if (cause != null) {
              failLead(lead, cause);
              throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
            }
            return finishLead(lead, response);
          }, executor);
        });
  }

  /**
   * Looks up; on a miss, joins a matching in-flight load or registers this call as the leader of
   * a new one.
   */
  private Step lookUpOrJoin(LookupRequest request) {
    CacheKey key = request.key();
    for (int attempt = 1; ; attempt++) {
      long sequenceSeen = inFlightLoads.sequence();
      ShadowDecision[] shadowDecision = new ShadowDecision[1];
      LookupResult result = cache.lookupOnce(request, decision -> shadowDecision[0] = decision);
      if (result instanceof Hit hit) {
        ResponseSource source = hit.match() == MatchKind.EXACT
            ? ResponseSource.EXACT_HIT : ResponseSource.SEMANTIC_HIT;
        return new Done(new LoadResult(hit.response(), hit.metadata(), source, hit, null));
      }
      Miss miss = (Miss) result;
      CacheControl control = request.cacheControl();
      if (miss.reason() == MissReason.BLANK_PROMPT || miss.reason() == MissReason.SHADOW_MODE
          || control.noCache()) {
        // Never cached, or never served from the cache (which a joined load would be): each
        // caller loads its own.
        return new Lead(miss, new InFlightLoads.Pending(key.partition(), key.prompt(), null),
            control, shadowDecision[0]);
      }
      if (attempt == MAX_LOOKUPS_PER_LOAD) {
        sequenceSeen = inFlightLoads.sequence();
      }
      Embedding embedding = miss.embedding().orElse(null);
      Decision decision = inFlightLoads.joinOrLead(key.partition(), key.prompt(),
          embedding != null && embedding.isComparable() ? embedding : null,
          cache.thresholdFor(request), sequenceSeen,
          // An answer that will not be stored is not shared either.
          !control.noStore(),
          // A pending prompt is joined only if it would be served once stored.
          (pendingPrompt, similarity) -> verifiers.check(key.partition(), key.prompt(),
              pendingPrompt, similarity) == null);
      if (decision instanceof InFlightLoads.Join join) {
        metrics.load("joined");
        return new Join(miss, join.result());
      }
      if (decision instanceof InFlightLoads.Lead lead) {
        return new Lead(miss, lead.pending(), control, null);
      }
      // LookUpAgain: a matching load finished while we looked; its entry is stored now.
    }
  }

  private static LoadResult joined(Join join, Response response) {
    return new LoadResult(response.text(), response.metadata(), ResponseSource.JOINED_LOAD,
        join.miss(), null);
  }

  private LoadResult finishLead(Lead lead, Response response) {
    metrics.load("success");
    if (lead.shadowDecision() != null) {
      cache.logShadowDecision(lead.shadowDecision().withLoadedResponse(response.text()));
    }
    StoreResult stored;
    try {
      if (cache.isClosed()) {
        stored = StoreResult.notStored(StoreOutcome.DROPPED, "cache closed during the load");
      } else if (lead.control().noStore()) {
        stored = StoreResult.notStored(StoreOutcome.SKIPPED_BY_REQUEST,
            "the request said no-store");
      } else {
        StoreRequest.Builder store = StoreRequest.builder(lead.miss().key(), response);
        lead.miss().embedding().ifPresent(store::embedding);
        lead.control().ttl().ifPresent(store::ttl);
        stored = cache.putOnce(store.build());
      }
    } finally {
      // Stored before joiners are released and before the load is unregistered, so a caller that
      // finds no pending load finds the entry instead.
      lead.pending().result.complete(response);
      inFlightLoads.finished(lead.pending());
    }
    return new LoadResult(response.text(), response.metadata(), ResponseSource.LOADED,
        lead.miss(), stored);
  }

  private void failLead(Lead lead, Throwable failure) {
    metrics.load("failure");
    if (lead.shadowDecision() != null) {
      cache.logShadowDecision(lead.shadowDecision());
    }
    lead.pending().result.completeExceptionally(failure);
    inFlightLoads.finished(lead.pending());
  }

  private static Response await(CompletableFuture<Response> result) {
    try {
      return result.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new SemanticCacheException("the joined load failed", cause);
    }
  }
}
