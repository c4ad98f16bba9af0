package io.semcache.core;

import io.semcache.AsyncSemanticCache;
import io.semcache.CacheClosedException;
import io.semcache.CacheControl;
import io.semcache.CacheEntries;
import io.semcache.CacheInspector;
import io.semcache.CacheKey;
import io.semcache.CacheStats;
import io.semcache.ChunkLoader;
import io.semcache.Embedder;
import io.semcache.Embedding;
import io.semcache.EmbeddingException;
import io.semcache.EntryId;
import io.semcache.Explanation;
import io.semcache.FailureMode;
import io.semcache.InvalidationOutcome;
import io.semcache.LoadResult;
import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.LookupResult.Hit;
import io.semcache.LookupResult.Miss;
import io.semcache.MatchKind;
import io.semcache.MissReason;
import io.semcache.Partition;
import io.semcache.Rejection;
import io.semcache.Response;
import io.semcache.ResponseChunk;
import io.semcache.SemanticCache;
import io.semcache.ShadowDecision;
import io.semcache.SimilarityThreshold;
import io.semcache.StoreOutcome;
import io.semcache.StoreRequest;
import io.semcache.StoreResult;
import io.semcache.StreamResult;
import io.semcache.StreamedResponse;
import io.semcache.TagInvalidation;
import io.semcache.spi.EntryRefusedException;
import io.semcache.spi.EntryStore;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoreContext;
import io.semcache.spi.StoredEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
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

  private final CacheSettings settings;
  private final EntryStore store;
  private final Embedder embedder;
  private final int dimension;
  private final String modelId;
  private final CacheMetrics metrics;
  private final FailurePolicy failures;
  private final VerifierChain verifiers;
  private final LoadCoordinator loads;
  private final LookupExplainer explainer;
  private final ShadowRecorder shadow;
  private final EntryTransfer transfer;
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
    this.failures = new FailurePolicy(settings.name(), store.backendName(),
        settings.failureMode(), metrics, settings.clock());
    this.verifiers = new VerifierChain(settings.verifiers(), metrics::rejection,
        failures::verifierFailed);
    this.loads = new LoadCoordinator(this, verifiers, metrics, settings.executor(),
        settings.cacheableFinish());
    this.explainer = new LookupExplainer(this, store, verifiers, settings, modelId);
    this.shadow = new ShadowRecorder(settings.shadowMode(), verifiers, metrics, modelId,
        failures::shadowLogFailed);
    this.transfer = new EntryTransfer(this, settings, store, metrics, modelId, dimension);
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
    metrics.cacheControl(request.cacheControl());
    return lookupOnce(request);
  }

  /** A lookup of an open cache. */
  LookupResult lookupOnce(LookupRequest request) {
    return lookupOnce(request, null);
  }

  /**
   * A lookup of an open cache; a shadowed lookup's decision goes to {@code deferredShadowDecision}
   * when given, instead of the decision log.
   */
  LookupResult lookupOnce(LookupRequest request,
      @Nullable Consumer<ShadowDecision> deferredShadowDecision) {
    CacheKey key = request.key();
    Partition partition = key.partition();
    if (key.isBlank()) {
      return miss(key, MissReason.BLANK_PROMPT, Double.NaN, null);
    }
    Embedding supplied = request.embedding().orElse(null);
    if (supplied != null) {
      requireCompatible(supplied, "request.embedding");
    }
    CacheControl control = request.cacheControl();
    if (control.noCache()) {
      return skipped(key, supplied, control);
    }
    long now = settings.clock().millis();
    long notBefore = control.maxAge().map(age -> notBefore(now, age)).orElse(Long.MIN_VALUE);

    StoredEntry exact;
    try {
      exact = timed(metrics.searchTimer, () -> store.get(EntryId.of(key), now)).orElse(null);
    } catch (RuntimeException e) {
      return backendMiss(key, supplied, e);
    }
    boolean exactTooOld = false;
    if (exact != null && CandidateSelection.isLiveEntryOf(exact, partition, modelId, now)
        && exact.prompt().equals(key.prompt())) {
      if (exact.createdAtMillis() >= notBefore) {
        if (shadow.covers(partition)) {
          shadow.exact();
          return miss(key, MissReason.SHADOW_MODE, 1.0, supplied);
        }
        metrics.hit(partition, MatchKind.EXACT, 1.0);
        return hit(key, exact, 1.0, MatchKind.EXACT, List.of());
      }
      exactTooOld = true;
    }

    Embedding embedding = supplied;
    if (embedding == null) {
      try {
        embedding = embed(key.prompt());
      } catch (RuntimeException e) {
        failures.embeddingFailed("lookup", e);
        return miss(key, MissReason.EMBEDDING_FAILED, Double.NaN, null);
      }
    }
    if (!embedding.isComparable()) {
      MissReason reason = exactTooOld ? MissReason.OLDER_THAN_MAX_AGE
          : embedding.truncated() ? MissReason.PROMPT_TRUNCATED : MissReason.PROMPT_UNREPRESENTABLE;
      if (shadow.covers(partition)) {
        shadow.miss();
      }
      return miss(key, reason, Double.NaN, embedding);
    }

    List<ScoredEntry> candidates;
    try {
      float[] query = embedding.toArray();
      candidates = timed(metrics.searchTimer,
          () -> store.search(partition, query, settings.candidateLimit(), now));
    } catch (RuntimeException e) {
      return backendMiss(key, embedding, e);
    }
    CandidateSelection.Ranked ranked = CandidateSelection.rank(candidates, partition, modelId,
        now, thresholdFor(request), notBefore);
    if (shadow.covers(partition)) {
      shadow.candidates(partition, key.prompt(), candidates, now, notBefore,
          deferredShadowDecision);
      return miss(key, MissReason.SHADOW_MODE, ranked.bestSimilarity(), embedding, List.of());
    }
    if (ranked.servable().isEmpty()) {
      MissReason reason = CandidateSelection.missReason(ranked, exactTooOld);
      return miss(key, reason, ranked.bestSimilarity(), embedding, List.of());
    }
    CandidateSelection.Verdict verdict;
    long verifyStart = System.nanoTime();
    try {
      verdict = CandidateSelection.verify(verifiers, partition, key.prompt(), ranked.servable());
    } finally {
      if (!verifiers.isEmpty()) {
        metrics.verifyTimer.record(System.nanoTime() - verifyStart,
            java.util.concurrent.TimeUnit.NANOSECONDS);
      }
    }
    if (verdict.accepted() >= 0) {
      ScoredEntry chosen = ranked.servable().get(verdict.accepted());
      metrics.hit(partition, MatchKind.SEMANTIC, chosen.similarity());
      return hit(key, chosen.entry(), chosen.similarity(), MatchKind.SEMANTIC,
          verdict.rejections());
    }
    return miss(key, MissReason.REJECTED_BY_VERIFIER, ranked.bestSimilarity(), embedding,
        verdict.rejections());
  }

  /** Hands a shadowed get-or-load's decision, with its loaded response, to the decision log. */
  void logShadowDecision(ShadowDecision decision) {
    shadow.log(decision);
  }

  SimilarityThreshold thresholdFor(LookupRequest request) {
    return request.threshold()
        .orElseGet(() -> settings.thresholds().thresholdFor(request.key().partition()));
  }

  private Hit hit(CacheKey key, StoredEntry entry, double similarity, MatchKind match,
      List<Rejection> rejections) {
    return new Hit(key, entry.response(), entry.metadata(), similarity, match, entry.prompt(),
        entry.id(),
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

  /**
   * A no-cache lookup: nothing is read. The prompt is still embedded (unless the request stores
   * nothing either), so that a store after it need not embed again.
   */
  private Miss skipped(CacheKey key, @Nullable Embedding supplied, CacheControl control) {
    Embedding embedding = supplied;
    if (embedding == null && !control.noStore()) {
      try {
        embedding = embed(key.prompt());
      } catch (RuntimeException e) {
        failures.embeddingFailed("lookup", e);
        return miss(key, MissReason.EMBEDDING_FAILED, Double.NaN, null);
      }
    }
    return miss(key, MissReason.SKIPPED_BY_REQUEST, Double.NaN, embedding);
  }

  /** The earliest creation time a request with {@code maxAge} accepts, saturating. */
  static long notBefore(long now, Duration maxAge) {
    long age;
    try {
      age = maxAge.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MIN_VALUE;
    }
    long earliest = now - age;
    return earliest > now ? Long.MIN_VALUE : earliest;
  }

  private Miss backendMiss(CacheKey key, @Nullable Embedding embedding, RuntimeException e) {
    failures.backendFailed("lookup", e);
    return miss(key, MissReason.BACKEND_FAILED, Double.NaN, embedding);
  }

  // ---------------------------------------------------------------- stores

  @Override
  public StoreResult put(StoreRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return putOnce(request);
  }

  /** A store into an open cache. */
  StoreResult putOnce(StoreRequest request) {
    CacheKey key = request.key();
    Partition partition = key.partition();
    Duration ttl = request.ttl().orElse(settings.defaultTtl());
    if (key.isBlank()) {
      return notStored(partition, StoreOutcome.REFUSED_BLANK_PROMPT,
          "prompt: blank prompts are never cached");
    }
    Optional<String> veto;
    try {
      veto = Objects.requireNonNull(settings.writePolicy().veto(request), "the policy's veto");
    } catch (RuntimeException e) {
      failures.policyFailed(e);
      veto = Optional.of("the write policy failed: " + e);
    }
    if (veto.isPresent()) {
      return notStored(partition, StoreOutcome.REFUSED_BY_POLICY, veto.get());
    }
    Embedding embedding = request.embedding().orElse(null);
    if (embedding != null) {
      requireCompatible(embedding, "request.embedding");
    } else {
      try {
        embedding = embed(key.prompt());
      } catch (RuntimeException e) {
        failures.embeddingFailed("store", e);
        return notStored(partition, StoreOutcome.EMBEDDING_FAILED, "embedding failed: " + e);
      }
    }
    long now = settings.clock().millis();
    StoredEntry entry = new StoredEntry(EntryId.of(key), partition, key.prompt(),
        request.response(), request.metadata(),
        embedding.isComparable() ? embedding.toArray() : null, embedding.isComparable(), modelId,
        now, expiryOf(now, ttl), request.tags());
    if (entry.hasMetadataOrTags() && !store.supportsTags()) {
      return notStored(partition, StoreOutcome.REFUSED_UNSUPPORTED, "the " + store.backendName()
          + " backend cannot keep response metadata or tags here; see its README on migrating");
    }
    StoreOutcome outcome;
    try {
      outcome = timed(metrics.writeTimer, () -> store.upsert(entry));
    } catch (EntryRefusedException refused) {
      return notStored(partition, refused.outcome(), refused.getMessage());
    } catch (RuntimeException e) {
      failures.backendFailed("store", e);
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
  static long expiryOf(long now, Duration ttl) {
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

  @Override
  public LoadResult getOrLoad(LookupRequest request, Function<? super CacheKey, String> loader) {
    Objects.requireNonNull(loader, "loader");
    return getOrLoadResponse(request,
        key -> Response.of(Objects.requireNonNull(loader.apply(key), "loader returned null")));
  }

  /** What every get-or-load form checks and counts before it looks up. */
  private void beginLoad(LookupRequest request, Object loader) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(loader, "loader");
    ensureOpen();
    metrics.cacheControl(request.cacheControl());
  }

  @Override
  public LoadResult getOrLoadResponse(LookupRequest request,
      Function<? super CacheKey, Response> loader) {
    beginLoad(request, loader);
    return loads.getOrLoad(request, loader);
  }

  @Override
  public StreamedResponse getOrLoadStream(LookupRequest request,
      Function<? super CacheKey, ? extends Flow.Publisher<ResponseChunk>> loader) {
    beginLoad(request, loader);
    return loads.getOrLoadStream(request, loader);
  }

  @Override
  public StreamResult getOrLoadStream(LookupRequest request, ChunkLoader loader,
      Consumer<? super ResponseChunk> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    beginLoad(request, loader);
    return loads.getOrLoadStream(request, loader, consumer);
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
      Objects.requireNonNull(loader, "loader");
      return getOrLoadResponse(request, key -> {
        CompletionStage<String> text =
            Objects.requireNonNull(loader.apply(key), "loader returned a null stage");
        return text.thenApply(
            response -> Response.of(Objects.requireNonNull(response, "loader completed with null")));
      });
    }

    @Override
    public CompletableFuture<LoadResult> getOrLoadResponse(LookupRequest request,
        Function<? super CacheKey, ? extends CompletionStage<Response>> loader) {
      beginLoad(request, loader);
      return loads.getOrLoadAsync(request, loader);
    }

    @Override
    public CompletableFuture<StreamedResponse> getOrLoadStream(LookupRequest request,
        Function<? super CacheKey, ? extends Flow.Publisher<ResponseChunk>> loader) {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(loader, "loader");
      ensureOpen();
      return CompletableFuture.supplyAsync(
          () -> CoreSemanticCache.this.getOrLoadStream(request, loader), settings.executor());
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
  public InvalidationOutcome invalidate(EntryId id) {
    Objects.requireNonNull(id, "id");
    ensureOpen();
    try {
      return store.delete(id) ? InvalidationOutcome.REMOVED : InvalidationOutcome.NOT_FOUND;
    } catch (RuntimeException e) {
      failures.backendFailed("invalidate", e);
      return InvalidationOutcome.FAILED;
    }
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
      failures.backendFailed("invalidate", e);
      return false;
    }
  }

  @Override
  public TagInvalidation invalidateByTag(String tag) {
    return byTag(tag, true);
  }

  @Override
  public TagInvalidation countByTag(String tag) {
    return byTag(tag, false);
  }

  private TagInvalidation byTag(String tag, boolean remove) {
    TagInvalidation.requireValid(tag, "tag");
    ensureOpen();
    TagInvalidation result;
    if (!store.supportsTags()) {
      result = new TagInvalidation(tag, TagInvalidation.Outcome.UNSUPPORTED, 0);
    } else {
      long now = settings.clock().millis();
      try {
        result = remove
            ? new TagInvalidation(tag, TagInvalidation.Outcome.REMOVED, store.deleteTagged(tag, now))
            : new TagInvalidation(tag, TagInvalidation.Outcome.COUNTED, store.countTagged(tag, now));
      } catch (RuntimeException e) {
        metrics.tagInvalidation(TagInvalidation.Outcome.FAILED);
        failures.backendFailed("invalidate", e);
        return new TagInvalidation(tag, TagInvalidation.Outcome.FAILED, 0);
      }
    }
    metrics.tagInvalidation(result.outcome());
    return result;
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

      @Override
      public Explanation explain(LookupRequest request, double floor) {
        Objects.requireNonNull(request, "request");
        ensureOpen();
        return explainer.explain(request, floor);
      }
    };
  }

  @Override
  public CacheEntries entries() {
    ensureOpen();
    return transfer;
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

  void ensureOpen() {
    if (closed.get()) {
      throw new CacheClosedException("cache '" + settings.name() + "' is closed");
    }
  }

  // ---------------------------------------------------------------- helpers

  private Embedding embed(String prompt) {
    return timed(metrics.embedTimer, () -> embedUntimed(prompt));
  }

  /** The embedder's embedding of {@code prompt}, checked; records nothing. */
  Embedding embedUntimed(String prompt) {
    Embedding embedding = embedder.embed(prompt);
    if (embedding.dimension() != dimension || !embedding.modelId().equals(modelId)) {
      throw new EmbeddingException("the embedder returned a vector of model '"
          + embedding.modelId() + "' with dimension " + embedding.dimension() + ", expected '"
          + modelId + "' with dimension " + dimension);
    }
    return embedding;
  }

  void requireCompatible(Embedding embedding, String argument) {
    if (embedding.dimension() != dimension || !embedding.modelId().equals(modelId)) {
      throw new IllegalArgumentException(argument + ": expected an embedding of model '" + modelId
          + "' with dimension " + dimension + ", got model '" + embedding.modelId()
          + "' with dimension " + embedding.dimension());
    }
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

  boolean isClosed() {
    return closed.get();
  }

  /** For tests in this package: loads currently in flight. */
  int pendingLoads() {
    return loads.pendingCount();
  }

  static Optional<CoreSemanticCache> unwrap(SemanticCache cache) {
    return cache instanceof CoreSemanticCache core ? Optional.of(core) : Optional.empty();
  }
}
