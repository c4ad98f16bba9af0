package io.semcache.core;

import io.semcache.CacheControl;
import io.semcache.CacheKey;
import io.semcache.ChunkLoader;
import io.semcache.Embedding;
import io.semcache.LoadResult;
import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.LookupResult.Hit;
import io.semcache.LookupResult.Miss;
import io.semcache.MatchKind;
import io.semcache.MissReason;
import io.semcache.Partition;
import io.semcache.Response;
import io.semcache.ResponseChunk;
import io.semcache.ResponseMetadata;
import io.semcache.ResponseSource;
import io.semcache.SemanticCacheException;
import io.semcache.ShadowDecision;
import io.semcache.StoreOutcome;
import io.semcache.StoreRequest;
import io.semcache.StoreResult;
import io.semcache.StreamResult;
import io.semcache.StreamedResponse;
import io.semcache.core.InFlightLoads.Decision;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
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
  private final Predicate<? super ResponseMetadata> cacheableFinish;
  private final InFlightLoads inFlightLoads = new InFlightLoads();

  LoadCoordinator(CoreSemanticCache cache, VerifierChain verifiers, CacheMetrics metrics,
      Executor executor, Predicate<? super ResponseMetadata> cacheableFinish) {
    this.cache = cache;
    this.verifiers = verifiers;
    this.metrics = metrics;
    this.executor = executor;
    this.cacheableFinish = cacheableFinish;
  }

  int pendingCount() {
    return inFlightLoads.pendingCount();
  }

  /** What a get-or-load does after its lookup. */
  private sealed interface Step {}

  private record Done(LoadResult result) implements Step {}

  /** Wait for a pending load's result, or read its chunks when it is streamed. */
  private record Join(Miss miss, CompletableFuture<Response> result, @Nullable ChunkLog log)
      implements Step {}

  /**
   * This call loads; its request's cache control decides whether the answer is stored. A shadowed
   * lookup's decision waits for the loaded response before it is logged.
   */
  private record Lead(Miss miss, InFlightLoads.Pending pending, CacheControl control,
      @Nullable ShadowDecision shadowDecision) implements Step {}

  LoadResult getOrLoad(LookupRequest request, Function<? super CacheKey, Response> loader) {
    Step step;
    CompletableFuture<Response> joinedResult = null;
    do {
      step = lookUpOrJoin(request, null);
    } while (step instanceof Join join && (joinedResult = wholeResult(join)) == null);
    if (step instanceof Done done) {
      return done.result();
    }
    if (step instanceof Join join) {
      return joined(join, await(joinedResult));
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
    return CompletableFuture.supplyAsync(() -> lookUpOrJoin(request, null), executor)
        .thenCompose(step -> {
          if (step instanceof Done done) {
            return CompletableFuture.completedFuture(done.result());
          }
          if (step instanceof Join join) {
            CompletableFuture<Response> result = wholeResult(join);
            return result == null ? getOrLoadAsync(request, loader)
                : result.thenApply(response -> joined(join, response));
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

  // ---------------------------------------------------------------- streamed

  StreamedResponse getOrLoadStream(LookupRequest request,
      Function<? super CacheKey, ? extends Flow.Publisher<ResponseChunk>> loader) {
    while (true) {
      ChunkLog fresh = newLog();
      Step step = lookUpOrJoin(request, fresh);
      if (step instanceof Done done) {
        metrics.stream("replayed");
        return new StreamHandle(ChunkLog.replay(done.result().asResponse()),
            done.result().source(), done.result().lookup(), false);
      }
      if (step instanceof Join join) {
        ChunkLog log = joinedLog(join);
        if (log == null) {
          continue;
        }
        return new StreamHandle(log, ResponseSource.JOINED_LOAD, join.miss(), false);
      }
      Lead lead = (Lead) step;
      fresh.listen(streamListener(lead));
      Flow.Publisher<ResponseChunk> publisher;
      try {
        publisher = Objects.requireNonNull(loader.apply(request.key()), "loader returned null");
      } catch (RuntimeException | Error e) {
        fresh.fail(e);
        throw e;
      }
      fresh.startFrom(publisher);
      return new StreamHandle(fresh, ResponseSource.LOADED, lead.miss(), true);
    }
  }

  StreamResult getOrLoadStream(LookupRequest request, ChunkLoader loader,
      Consumer<? super ResponseChunk> consumer) {
    while (true) {
      ChunkLog fresh = newLog();
      Step step = lookUpOrJoin(request, fresh);
      if (step instanceof Done done) {
        metrics.stream("replayed");
        LoadResult hit = done.result();
        for (ResponseChunk chunk : ChunkLog.chunksOf(hit.asResponse())) {
          consumer.accept(chunk);
        }
        return new StreamResult(hit.source(), hit.lookup(), hit.metadata(),
            hit.response().length(), null);
      }
      if (step instanceof Join join) {
        ChunkLog log = joinedLog(join);
        if (log == null) {
          continue;
        }
        return read(log, consumer, ResponseSource.JOINED_LOAD, join.miss());
      }
      Lead lead = (Lead) step;
      fresh.listen(streamListener(lead));
      return lead(fresh, lead, loader, consumer);
    }
  }

  private ChunkLog newLog() {
    return new ChunkLog(executor, StreamResult.MAX_CAPTURED_CHARS, ResponseMetadata.MAX_CHUNKS, 1);
  }

  /** The log a streamed caller reads after joining; null when it must look up again. */
  private static @Nullable ChunkLog joinedLog(Join join) {
    if (join.log() == null) {
      return ChunkLog.following(join.result());
    }
    return join.log().tryAttach() ? join.log() : null;
  }

  /**
   * Runs a push loader on this thread, handing each chunk to {@code consumer} as it is logged. If
   * the consumer throws, this caller stops reading; the loader goes on only for joined callers.
   */
  private StreamResult lead(ChunkLog log, Lead lead, ChunkLoader loader,
      Consumer<? super ResponseChunk> consumer) {
    RuntimeException[] consumerFailure = new RuntimeException[1];
    log.subscribe(new Flow.Subscriber<ResponseChunk>() {
      private Flow.@Nullable Subscription subscription;

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ResponseChunk chunk) {
        try {
          consumer.accept(chunk);
        } catch (RuntimeException e) {
          consumerFailure[0] = e;
          Objects.requireNonNull(subscription).cancel();
        }
      }

      @Override
      public void onError(Throwable error) { }

      @Override
      public void onComplete() { }
    });
    try {
      loader.load(lead.miss().key(), log::append);
    } catch (RuntimeException | Error e) {
      log.fail(e);
      if (consumerFailure[0] != null) {
        throw consumerFailure[0];
      }
      throw e;
    }
    log.finish();
    if (consumerFailure[0] != null) {
      throw consumerFailure[0];
    }
    return ChunkLog.result(ResponseSource.LOADED, lead.miss(), awaitOutcome(log), true);
  }

  /** Reads a log on this thread, requesting one chunk at a time, for {@code consumer}. */
  private static StreamResult read(ChunkLog log, Consumer<? super ResponseChunk> consumer,
      ResponseSource source, LookupResult lookup) {
    BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    Object complete = new Object();
    Flow.Subscription[] subscription = new Flow.Subscription[1];
    log.subscribe(new Flow.Subscriber<ResponseChunk>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription[0] = s;
        s.request(1);
      }

      @Override
      public void onNext(ResponseChunk chunk) {
        signals.add(chunk);
      }

      @Override
      public void onError(Throwable error) {
        signals.add(new Failed(error));
      }

      @Override
      public void onComplete() {
        signals.add(complete);
      }
    });
    while (true) {
      Object signal;
      try {
        signal = signals.take();
      } catch (InterruptedException e) {
        subscription[0].cancel();
        Thread.currentThread().interrupt();
        throw new SemanticCacheException("interrupted while reading a joined stream", e);
      }
      if (signal == complete) {
        return ChunkLog.result(source, lookup, awaitOutcome(log), false);
      }
      if (signal instanceof Failed failed) {
        throw rethrown(failed.error());
      }
      try {
        consumer.accept((ResponseChunk) signal);
      } catch (RuntimeException | Error e) {
        subscription[0].cancel();
        throw e;
      }
      subscription[0].request(1);
    }
  }

  private record Failed(Throwable error) {}

  private static ChunkLog.Outcome awaitOutcome(ChunkLog log) {
    try {
      return log.outcome().join();
    } catch (CompletionException e) {
      throw rethrown(e.getCause() != null ? e.getCause() : e);
    }
  }

  private static RuntimeException rethrown(Throwable failure) {
    if (failure instanceof RuntimeException re) {
      return re;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new SemanticCacheException("the joined load failed", failure);
  }

  /** How a streamed load's end is handled: stored (or why not), joiners released, unregistered. */
  private ChunkLog.Listener streamListener(Lead lead) {
    return new ChunkLog.Listener() {
      @Override
      public StoreResult completed(@Nullable Response whole, ResponseMetadata metadata,
          long chars) {
        return finishStream(lead, whole, metadata, chars);
      }

      @Override
      public void failed(Throwable failure) {
        metrics.stream(failure instanceof CancellationException ? "cancelled" : "errored");
        failLead(lead, failure);
      }

      @Override
      public void overflowed() {
        inFlightLoads.closeToJoiners(lead.pending());
      }
    };
  }

  private StoreResult finishStream(Lead lead, @Nullable Response whole,
      ResponseMetadata metadata, long chars) {
    metrics.load("success");
    logShadowDecision(lead, whole);
    Partition partition = lead.miss().key().partition();
    StoreResult stored;
    String outcome = "not_stored";
    try {
      if (whole == null) {
        stored = StoreResult.notStored(StoreOutcome.REFUSED_TOO_LARGE, "the stream had " + chars
            + " chars, more than the " + StreamResult.MAX_CAPTURED_CHARS
            + " captured (or more than " + ResponseMetadata.MAX_CHUNKS + " chunks)");
        metrics.store(partition, stored.outcome());
        outcome = "too_large";
      } else if (cache.isClosed()) {
        stored = StoreResult.notStored(StoreOutcome.DROPPED, "cache closed during the load");
      } else if (lead.control().noStore()) {
        stored = StoreResult.notStored(StoreOutcome.SKIPPED_BY_REQUEST,
            "the request said no-store");
      } else if (!isCacheableFinish(metadata)) {
        stored = notCacheable(lead, metadata);
        outcome = "not_cacheable";
      } else {
        StoreRequest.Builder store = StoreRequest.builder(lead.miss().key(), whole);
        lead.miss().embedding().ifPresent(store::embedding);
        lead.control().ttl().ifPresent(store::ttl);
        stored = cache.putOnce(store.build());
        if (stored.isStored()) {
          outcome = "stored";
        }
      }
    } finally {
      if (whole != null) {
        lead.pending().result.complete(whole);
      } else {
        lead.pending().result.completeExceptionally(new SemanticCacheException(
            "the streamed response was too large to capture"));
      }
      inFlightLoads.finished(lead.pending());
    }
    metrics.stream(outcome);
    return stored;
  }

  /** The refusal of a loaded response whose finish reason the cache does not store; counted. */
  private StoreResult notCacheable(Lead lead, ResponseMetadata metadata) {
    StoreResult refused = StoreResult.notStored(StoreOutcome.REFUSED_BY_POLICY, "finish_reason '"
        + metadata.finishReason().orElse("") + "' is not cacheable (cacheableFinish)");
    metrics.store(lead.miss().key().partition(), refused.outcome());
    return refused;
  }

  private boolean isCacheableFinish(ResponseMetadata metadata) {
    try {
      return cacheableFinish.test(metadata);
    } catch (RuntimeException e) {
      return false; // a response it could not judge is not stored
    }
  }

  /**
   * Looks up; on a miss, joins a matching in-flight load or registers this call as the leader of
   * a new one.
   */
  private Step lookUpOrJoin(LookupRequest request, @Nullable ChunkLog log) {
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
        return new Lead(miss, new InFlightLoads.Pending(key.partition(), key.prompt(), null, log),
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
              pendingPrompt, similarity) == null,
          log);
      if (decision instanceof InFlightLoads.Join join) {
        metrics.load("joined");
        return new Join(miss, join.result(), join.log());
      }
      if (decision instanceof InFlightLoads.Lead lead) {
        return new Lead(miss, lead.pending(), control, null);
      }
      // LookUpAgain: a matching load finished while we looked; its entry is stored now.
    }
  }

  /**
   * The whole response a non-streamed caller waits for: a streamed load's is collected from its
   * chunks, so that this caller counts as one of its readers. Null when the stream can no longer
   * be read from its start (every reader cancelled, or it outgrew the capture): look up again.
   */
  private static @Nullable CompletableFuture<Response> wholeResult(Join join) {
    return join.log() == null ? join.result() : join.log().collect();
  }

  private static LoadResult joined(Join join, Response response) {
    return new LoadResult(response.text(), response.metadata(), ResponseSource.JOINED_LOAD,
        join.miss(), null);
  }

  private LoadResult finishLead(Lead lead, Response response) {
    metrics.load("success");
    logShadowDecision(lead, response);
    StoreResult stored;
    try {
      if (cache.isClosed()) {
        stored = StoreResult.notStored(StoreOutcome.DROPPED, "cache closed during the load");
      } else if (lead.control().noStore()) {
        stored = StoreResult.notStored(StoreOutcome.SKIPPED_BY_REQUEST,
            "the request said no-store");
      } else if (!isCacheableFinish(response.metadata())) {
        stored = notCacheable(lead, response.metadata());
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

  /** A shadowed load's decision, with what was loaded unless the load failed or was too large. */
  private void logShadowDecision(Lead lead, @Nullable Response loaded) {
    ShadowDecision decision = lead.shadowDecision();
    if (decision != null) {
      cache.logShadowDecision(loaded == null ? decision : decision.withLoadedResponse(loaded.text()));
    }
  }

  private void failLead(Lead lead, Throwable failure) {
    metrics.load("failure");
    logShadowDecision(lead, null);
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
