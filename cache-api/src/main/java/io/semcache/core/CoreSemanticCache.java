package io.semcache.core;

import io.semcache.AsyncSemanticCache;
import io.semcache.CacheClosedException;
import io.semcache.CacheInspector;
import io.semcache.CacheKey;
import io.semcache.CacheStats;
import io.semcache.CacheUnavailableException;
import io.semcache.Embedder;
import io.semcache.Embedding;
import io.semcache.EmbeddingException;
import io.semcache.EntryId;
import io.semcache.FailureMode;
import io.semcache.LoadResult;
import io.semcache.LookupRequest;
import io.semcache.LookupResult.Hit;
import io.semcache.LookupResult.Miss;
import io.semcache.LookupResult;
import io.semcache.MatchKind;
import io.semcache.MissReason;
import io.semcache.Partition;
import io.semcache.Rejection;
import io.semcache.ResponseSource;
import io.semcache.SemanticCache;
import io.semcache.SemanticCacheException;
import io.semcache.SimilarityThreshold;
import io.semcache.StoreOutcome;
import io.semcache.StoreRequest;
import io.semcache.StoreResult;
import io.semcache.core.InFlightLoads.Decision;
import io.semcache.spi.EntryRefusedException;
import io.semcache.spi.EntryStore;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoreContext;
import io.semcache.spi.StoredEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link SemanticCache}, shared by every backend through its {@link
 * EntryStore}: validation, exact-text shortcut, embedding, threshold, get-or-load coalescing,
 * failure policy and metrics.
 */
final class CoreSemanticCache implements SemanticCache {

  private static final Logger log = LoggerFactory.getLogger(SemanticCache.class);

  /** Lookups repeated when a matching load finished during the lookup, before leading anyway. */
  private static final int MAX_LOOKUPS_PER_LOAD = 3;

  private static final Duration FAILURE_LOG_QUIET_PERIOD = Duration.ofSeconds(60);

  private final CacheSettings settings;
  private final EntryStore store;
  private final Embedder embedder;
  private final int dimension;
  private final String modelId;
  private final CacheMetrics metrics;
  private final InFlightLoads inFlightLoads = new InFlightLoads();
  private final BurstLogger failureLog;
  private final VerifierChain verifiers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CoreSemanticCache(CacheSettings settings, EntryStore store, int dimension,
      String modelId) {
    this.settings = settings;
    this.store = store;
    this.embedder = settings.embedder();
    this.dimension = dimension;
    this.modelId = modelId;
    this.metrics = new CacheMetrics(settings.meterRegistry(), settings.name(),
        store.backendName(), settings.partitionLabeler(), store, s -> s.estimatedSize());
    this.failureLog = new BurstLogger(log, settings.clock(), FAILURE_LOG_QUIET_PERIOD);
    this.verifiers = new VerifierChain(settings.verifiers(), metrics::rejection,
        this::onVerifierFailure);
  }

  static SemanticCache open(CacheSettings settings, EntryStore store) {
    int dimension = settings.embedder().dimension();
    String modelId = settings.embedder().modelId();
    if (dimension <= 0) {
      throw new IllegalArgumentException(
          "embedder.dimension(): expected a positive integer, got " + dimension);
    }
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("embedder.modelId(): expected a non-blank model id");
    }
    CoreSemanticCache cache = new CoreSemanticCache(settings, store, dimension, modelId);
    try {
      store.open(new StoreContext(settings.clock(), dimension, modelId,
          cache.metrics::removal));
    } catch (RuntimeException e) {
      cache.metrics.close();
      closeQuietly(store);
      throw e;
    }
    return cache;
  }

  // ---------------------------------------------------------------- lookups

  @Override
  public LookupResult lookup(LookupRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return lookupOnce(request);
  }

  private LookupResult lookupOnce(LookupRequest request) {
    CacheKey key = request.key();
    Partition partition = key.partition();
    if (key.isBlank()) {
      return miss(key, MissReason.BLANK_PROMPT, Double.NaN, null);
    }
    Embedding supplied = request.embedding().orElse(null);
    if (supplied != null) {
      requireCompatible(supplied, "request.embedding");
    }
    long now = settings.clock().millis();

    StoredEntry exact;
    try {
      exact = timed(metrics.searchTimer, () -> store.get(EntryId.of(key), now)).orElse(null);
    } catch (RuntimeException e) {
      return backendMiss(key, supplied, e);
    }
    if (exact != null && isLiveEntryOf(exact, partition, now)
        && exact.prompt().equals(key.prompt())) {
      metrics.hit(partition, MatchKind.EXACT, 1.0);
      return hit(key, exact, 1.0, MatchKind.EXACT, List.of());
    }

    Embedding embedding = supplied;
    if (embedding == null) {
      try {
        embedding = embed(key.prompt());
      } catch (RuntimeException e) {
        onEmbeddingFailure("lookup", e);
        return miss(key, MissReason.EMBEDDING_FAILED, Double.NaN, null);
      }
    }
    if (embedding.truncated()) {
      return miss(key, MissReason.PROMPT_TRUNCATED, Double.NaN, embedding);
    }
    if (!embedding.isComparable()) {
      return miss(key, MissReason.PROMPT_UNREPRESENTABLE, Double.NaN, embedding);
    }

    List<ScoredEntry> candidates;
    try {
      float[] query = embedding.toArray();
      candidates = timed(metrics.searchTimer,
          () -> store.search(partition, query, settings.candidateLimit(), now));
    } catch (RuntimeException e) {
      return backendMiss(key, embedding, e);
    }
    SimilarityThreshold threshold = thresholdFor(request);
    List<ScoredEntry> accepted = new ArrayList<>(candidates.size());
    double bestSimilarity = Double.NaN;
    for (ScoredEntry candidate : candidates) {
      StoredEntry entry = candidate.entry();
      if (!isLiveEntryOf(entry, partition, now) || !entry.isSemanticallySearchable()) {
        continue;
      }
      double similarity = clampSimilarity(candidate.similarity());
      if (Double.isNaN(bestSimilarity) || similarity > bestSimilarity) {
        bestSimilarity = similarity;
      }
      if (threshold.accepts(similarity)) {
        accepted.add(new ScoredEntry(entry, similarity));
      }
    }
    if (accepted.isEmpty()) {
      MissReason reason =
          Double.isNaN(bestSimilarity) ? MissReason.NO_CANDIDATE : MissReason.BELOW_THRESHOLD;
      return miss(key, reason, bestSimilarity, embedding, List.of());
    }
    // Best first, whatever order the store used; verifiers may refuse the best in favour of the
    // next.
    accepted.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
    List<Rejection> rejections = verifiers.isEmpty() ? List.of() : new ArrayList<>();
    long verifyStart = System.nanoTime();
    try {
      List<String> prompts = new ArrayList<>(accepted.size());
      double[] similarities = new double[accepted.size()];
      for (int i = 0; i < accepted.size(); i++) {
        prompts.add(accepted.get(i).entry().prompt());
        similarities[i] = accepted.get(i).similarity();
      }
      // All candidates in one pass per verifier, so that a model verifier batches them.
      VerifierChain.Outcome outcome =
          verifiers.checkAll(partition, key.prompt(), prompts, similarities);
      for (int i = 0; i < outcome.refusals().size(); i++) {
        VerifierChain.Refusal refusal = outcome.refusals().get(i);
        StoredEntry entry = accepted.get(i).entry();
        rejections.add(new Rejection(refusal.verifier(), refusal.reason(), entry.id(),
            entry.prompt(), similarities[i]));
      }
      if (outcome.accepted() >= 0) {
        ScoredEntry candidate = accepted.get(outcome.accepted());
        metrics.hit(partition, MatchKind.SEMANTIC, candidate.similarity());
        return hit(key, candidate.entry(), candidate.similarity(), MatchKind.SEMANTIC,
            rejections);
      }
    } finally {
      if (!verifiers.isEmpty()) {
        metrics.verifyTimer.record(System.nanoTime() - verifyStart,
            java.util.concurrent.TimeUnit.NANOSECONDS);
      }
    }
    return miss(key, MissReason.REJECTED_BY_VERIFIER, bestSimilarity, embedding, rejections);
  }

  private boolean isLiveEntryOf(StoredEntry entry, Partition partition, long now) {
    return entry.partition().equals(partition) && entry.isLiveAt(now)
        && entry.modelId().equals(modelId);
  }

  private SimilarityThreshold thresholdFor(LookupRequest request) {
    return request.threshold()
        .orElseGet(() -> settings.thresholds().thresholdFor(request.key().partition()));
  }

  private Hit hit(CacheKey key, StoredEntry entry, double similarity, MatchKind match,
      List<Rejection> rejections) {
    return new Hit(key, entry.response(), similarity, match, entry.prompt(), entry.id(),
        Instant.ofEpochMilli(entry.createdAtMillis()),
        Instant.ofEpochMilli(entry.expiresAtMillis()), rejections);
  }

  private Miss miss(CacheKey key, MissReason reason, double bestSimilarity,
      @Nullable Embedding embedding) {
    return miss(key, reason, bestSimilarity, embedding, List.of());
  }

  private Miss miss(CacheKey key, MissReason reason, double bestSimilarity,
      @Nullable Embedding embedding, List<Rejection> rejections) {
    metrics.miss(key.partition(), reason, bestSimilarity);
    OptionalDouble best =
        Double.isNaN(bestSimilarity) ? OptionalDouble.empty() : OptionalDouble.of(bestSimilarity);
    return new Miss(key, reason, best, Optional.ofNullable(embedding), rejections);
  }

  private Miss backendMiss(CacheKey key, @Nullable Embedding embedding, RuntimeException e) {
    onBackendFailure("lookup", e);
    return miss(key, MissReason.BACKEND_FAILED, Double.NaN, embedding);
  }

  // ---------------------------------------------------------------- stores

  @Override
  public StoreResult put(StoreRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return putOnce(request);
  }

  private StoreResult putOnce(StoreRequest request) {
    CacheKey key = request.key();
    Partition partition = key.partition();
    Duration ttl = request.ttl().orElse(settings.defaultTtl());
    if (key.isBlank()) {
      return notStored(partition, StoreOutcome.REFUSED_BLANK_PROMPT,
          "prompt: blank prompts are never cached");
    }
    Embedding embedding = request.embedding().orElse(null);
    if (embedding != null) {
      requireCompatible(embedding, "request.embedding");
    } else {
      try {
        embedding = embed(key.prompt());
      } catch (RuntimeException e) {
        onEmbeddingFailure("store", e);
        return notStored(partition, StoreOutcome.EMBEDDING_FAILED, "embedding failed: " + e);
      }
    }
    long now = settings.clock().millis();
    StoredEntry entry = new StoredEntry(EntryId.of(key), partition, key.prompt(),
        request.response(), embedding.isComparable() ? embedding.toArray() : null,
        embedding.isComparable(), modelId, now,
        expiryOf(now, ttl));
    StoreOutcome outcome;
    try {
      outcome = timed(metrics.writeTimer, () -> store.upsert(entry));
    } catch (EntryRefusedException refused) {
      return notStored(partition, refused.outcome(), refused.getMessage());
    } catch (RuntimeException e) {
      onBackendFailure("store", e);
      return notStored(partition, StoreOutcome.BACKEND_FAILED, "backend failed: " + e);
    }
    if (outcome != StoreOutcome.STORED) {
      return notStored(partition, outcome, "refused by the " + store.backendName() + " backend");
    }
    metrics.store(partition, StoreOutcome.STORED);
    return StoreResult.stored(entry.id());
  }

  private StoreResult notStored(Partition partition, StoreOutcome outcome, String detail) {
    metrics.store(partition, outcome);
    return StoreResult.notStored(outcome, detail);
  }

  /** Absolute expiry, at least one millisecond after {@code now}, saturating at the far future. */
  private static long expiryOf(long now, Duration ttl) {
    long ttlMillis;
    try {
      ttlMillis = Math.max(1, ttl.toMillis());
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
    long expiry = now + ttlMillis;
    return expiry < now ? Long.MAX_VALUE : expiry;
  }

  // ---------------------------------------------------------------- get-or-load

  /** What a get-or-load does after its lookup. */
  private sealed interface Step {}

  private record Done(LoadResult result) implements Step {}

  private record Join(Miss miss, CompletableFuture<String> result) implements Step {}

  private record Lead(Miss miss, InFlightLoads.Pending pending) implements Step {}

  @Override
  public LoadResult getOrLoad(LookupRequest request, Function<? super CacheKey, String> loader) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(loader, "loader");
    ensureOpen();
    Step step = lookUpOrJoin(request);
    if (step instanceof Done done) {
      return done.result();
    }
    if (step instanceof Join join) {
      return new LoadResult(await(join.result()), ResponseSource.JOINED_LOAD, join.miss(), null);
    }
    Lead lead = (Lead) step;
    String response;
    try {
      response = Objects.requireNonNull(loader.apply(request.key()), "loader returned null");
    } catch (RuntimeException | Error e) {
      failLead(lead, e);
      throw e;
    }
    return finishLead(lead, response);
  }

  private CompletableFuture<LoadResult> getOrLoadAsync(LookupRequest request,
      Function<? super CacheKey, ? extends CompletionStage<String>> loader) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(loader, "loader");
    ensureOpen();
    return CompletableFuture.supplyAsync(() -> lookUpOrJoin(request), settings.executor())
        .thenCompose(step -> {
          if (step instanceof Done done) {
            return CompletableFuture.completedFuture(done.result());
          }
          if (step instanceof Join join) {
            return join.result().thenApply(
                response -> new LoadResult(response, ResponseSource.JOINED_LOAD, join.miss(), null));
          }
          Lead lead = (Lead) step;
          CompletionStage<String> loading;
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
          }, settings.executor());
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
      LookupResult result = lookupOnce(request);
      if (result instanceof Hit hit) {
        ResponseSource source = hit.match() == MatchKind.EXACT
            ? ResponseSource.EXACT_HIT : ResponseSource.SEMANTIC_HIT;
        return new Done(new LoadResult(hit.response(), source, hit, null));
      }
      Miss miss = (Miss) result;
      if (miss.reason() == MissReason.BLANK_PROMPT) {
        // Never cached, so never coalesced either: each caller loads its own.
        return new Lead(miss, new InFlightLoads.Pending(key.partition(), key.prompt(), null));
      }
      if (attempt == MAX_LOOKUPS_PER_LOAD) {
        sequenceSeen = inFlightLoads.sequence();
      }
      Embedding embedding = miss.embedding().orElse(null);
      Decision decision = inFlightLoads.joinOrLead(key.partition(), key.prompt(),
          embedding != null && embedding.isComparable() ? embedding : null,
          thresholdFor(request), sequenceSeen,
          // A pending prompt is joined only if it would be served once stored.
          (pendingPrompt, similarity) -> verifiers.check(key.partition(), key.prompt(),
              pendingPrompt, similarity) == null);
      if (decision instanceof InFlightLoads.Join join) {
        metrics.load("joined");
        return new Join(miss, join.result());
      }
      if (decision instanceof InFlightLoads.Lead lead) {
        return new Lead(miss, lead.pending());
      }
      // LookUpAgain: a matching load finished while we looked; its entry is stored now.
    }
  }

  private LoadResult finishLead(Lead lead, String response) {
    metrics.load("success");
    StoreResult stored;
    try {
      stored = closed.get()
          ? StoreResult.notStored(StoreOutcome.DROPPED, "cache closed during the load")
          : putOnce(StoreRequest.forMiss(lead.miss(), response));
    } finally {
      // Stored before joiners are released and before the load is unregistered, so a caller that
      // finds no pending load finds the entry instead.
      lead.pending().result.complete(response);
      inFlightLoads.finished(lead.pending());
    }
    return new LoadResult(response, ResponseSource.LOADED, lead.miss(), stored);
  }

  private void failLead(Lead lead, Throwable failure) {
    metrics.load("failure");
    lead.pending().result.completeExceptionally(failure);
    inFlightLoads.finished(lead.pending());
  }

  private static String await(CompletableFuture<String> result) {
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

  // ---------------------------------------------------------------- async, invalidation, lifecycle

  @Override
  public AsyncSemanticCache async() {
    return asyncView;
  }

  /** The view {@link #async()} returns: each call hops to the cache's executor. */
  private final AsyncSemanticCache asyncView = new AsyncSemanticCache() {
    @Override
    public CompletableFuture<LookupResult> lookup(LookupRequest request) {
      Objects.requireNonNull(request, "request");
      ensureOpen();
      return CompletableFuture.supplyAsync(
          () -> CoreSemanticCache.this.lookup(request), settings.executor());
    }

    @Override
    public CompletableFuture<StoreResult> put(StoreRequest request) {
      Objects.requireNonNull(request, "request");
      ensureOpen();
      return CompletableFuture.supplyAsync(
          () -> CoreSemanticCache.this.put(request), settings.executor());
    }

    @Override
    public CompletableFuture<LoadResult> getOrLoad(LookupRequest request,
        Function<? super CacheKey, ? extends CompletionStage<String>> loader) {
      return getOrLoadAsync(request, loader);
    }

    @Override
    public SemanticCache synchronous() {
      return CoreSemanticCache.this;
    }

    @Override
    public String toString() {
      return CoreSemanticCache.this + ".async()";
    }
  };

  @Override
  public boolean invalidate(EntryId id) {
    Objects.requireNonNull(id, "id");
    return invalidating(() -> store.delete(id));
  }

  @Override
  public boolean invalidatePartition(Partition partition) {
    Objects.requireNonNull(partition, "partition");
    return invalidating(() -> store.deletePartition(partition));
  }

  @Override
  public boolean invalidateAll() {
    return invalidating(store::deleteAll);
  }

  private boolean invalidating(Runnable deletion) {
    ensureOpen();
    try {
      deletion.run();
      return true;
    } catch (RuntimeException e) {
      onBackendFailure("invalidate", e);
      return false;
    }
  }

  @Override
  public CacheStats stats() {
    return metrics.snapshot();
  }

  @Override
  public CacheInspector inspect() {
    ensureOpen();
    return new CacheInspector() {
      @Override
      public String backend() {
        return store.backendName();
      }

      @Override
      public String embedderModelId() {
        return modelId;
      }

      @Override
      public int dimension() {
        return dimension;
      }

      @Override
      public SimilarityThreshold thresholdFor(Partition partition) {
        return settings.thresholds().thresholdFor(Objects.requireNonNull(partition, "partition"));
      }

      @Override
      public Duration defaultTtl() {
        return settings.defaultTtl();
      }

      @Override
      public FailureMode failureMode() {
        return settings.failureMode();
      }

      @Override
      public List<String> verifierNames() {
        return settings.verifiers().stream().map(io.semcache.HitVerifier::name).toList();
      }

      @Override
      public long estimatedEntryCount() {
        return store.estimatedSize();
      }
    };
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    metrics.close();
    closeQuietly(store);
    if (settings.ownsExecutor() && settings.executor() instanceof ExecutorService service) {
      service.shutdown(); // queued calls finish (and fail as closed); idle threads end
    }
    if (settings.closeEmbedder()) {
      try {
        embedder.close();
      } catch (Exception e) {
        log.warn("Closing the embedder {} failed", modelId, e);
      }
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new CacheClosedException("cache '" + settings.name() + "' is closed");
    }
  }

  // ---------------------------------------------------------------- helpers

  private Embedding embed(String prompt) {
    Embedding embedding = timed(metrics.embedTimer, () -> embedder.embed(prompt));
    if (embedding.dimension() != dimension || !embedding.modelId().equals(modelId)) {
      throw new EmbeddingException("the embedder returned a vector of model '"
          + embedding.modelId() + "' with dimension " + embedding.dimension() + ", expected '"
          + modelId + "' with dimension " + dimension);
    }
    return embedding;
  }

  private void requireCompatible(Embedding embedding, String argument) {
    if (embedding.dimension() != dimension || !embedding.modelId().equals(modelId)) {
      throw new IllegalArgumentException(argument + ": expected an embedding of model '" + modelId
          + "' with dimension " + dimension + ", got model '" + embedding.modelId()
          + "' with dimension " + embedding.dimension());
    }
  }

  private void onBackendFailure(String operation, RuntimeException e) {
    metrics.error("backend", operation);
    if (settings.failureMode() == FailureMode.FAIL_CLOSED) {
      throw e instanceof CacheUnavailableException cue ? cue
          : new CacheUnavailableException(store.backendName() + " " + operation + " failed", e);
    }
    failureLog.failure("semcache '" + settings.name() + "': " + store.backendName() + " "
        + operation + " failed; failing open", e);
  }

  private void onEmbeddingFailure(String operation, RuntimeException e) {
    metrics.error("embedding", operation);
    if (settings.failureMode() == FailureMode.FAIL_CLOSED) {
      // One type for every fail-closed failure; the embedder's own exception is the cause.
      throw new CacheUnavailableException("semcache '" + settings.name() + "': embedding for "
          + operation + " failed: " + e.getMessage(), e);
    }
    failureLog.failure("semcache '" + settings.name() + "': embedding for " + operation
        + " failed; failing open", e);
  }

  private void onVerifierFailure(RuntimeException e) {
    metrics.error("verifier", "lookup");
    failureLog.failure("semcache '" + settings.name() + "': a hit verifier failed; the candidate"
        + " was refused", e);
  }

  private static double clampSimilarity(double similarity) {
    return Math.max(-1.0, Math.min(1.0, similarity));
  }

  private static <T> T timed(io.micrometer.core.instrument.Timer timer, Supplier<T> action) {
    long start = System.nanoTime();
    try {
      return action.get();
    } finally {
      timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  private static void closeQuietly(EntryStore store) {
    try {
      store.close();
    } catch (RuntimeException e) {
      log.warn("Closing the {} store failed", store.backendName(), e);
    }
  }

  @Override
  public String toString() {
    return "SemanticCache[" + settings.name() + ", backend=" + store.backendName() + ", model="
        + modelId + "]";
  }

  /** For tests in this package: loads currently in flight. */
  int pendingLoads() {
    return inFlightLoads.pendingCount();
  }

  static Optional<CoreSemanticCache> unwrap(SemanticCache cache) {
    return cache instanceof CoreSemanticCache core ? Optional.of(core) : Optional.empty();
  }
}
