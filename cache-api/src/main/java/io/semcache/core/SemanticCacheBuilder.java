package io.semcache.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.semcache.Embedder;
import io.semcache.FailureMode;
import io.semcache.HitVerifier;
import io.semcache.PartitionLabeler;
import io.semcache.ResponseMetadata;
import io.semcache.SemanticCache;
import io.semcache.ShadowMode;
import io.semcache.SimilarityThreshold;
import io.semcache.ThresholdRule;
import io.semcache.WritePolicy;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.spi.EntryStore;
import io.semcache.verify.Verifiers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The options every backend shares. Backend builders extend this class, add their own options and
 * call {@link #build(EntryStore)}. Each option may be set once; a second call throws {@link
 * IllegalStateException}, a null argument {@link NullPointerException}, an out-of-range value
 * {@link IllegalArgumentException}; checks that involve several options run at {@code build()}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class SemanticCacheBuilder<B extends SemanticCacheBuilder<B>> {

  /** Time to live of entries stored without one, unless {@link #defaultTtl} says otherwise. */
  public static final Duration DEFAULT_TTL = SemanticCacheConfig.DEFAULT_TTL;

  /** Candidates fetched per semantic search unless {@link #candidateLimit} says otherwise. */
  public static final int DEFAULT_CANDIDATE_LIMIT = SemanticCacheConfig.DEFAULT_CANDIDATE_LIMIT;

  /**
   * The finish reasons after which a loaded response (streamed or not) is not stored unless {@link
   * #cacheableFinish} says otherwise: cut short ({@code length}), a tool call rather than an
   * answer ({@code tool_calls}, {@code function_call}), filtered ({@code content_filter}), or
   * failed ({@code error}).
   */
  public static final Set<String> UNCACHEABLE_FINISH_REASONS =
      Set.of("length", "tool_calls", "function_call", "content_filter", "error");

  /** Distinct models labelled on metrics before further ones become {@code other}. */
  public static final int DEFAULT_MAX_MODEL_LABELS = 32;

  private @Nullable Embedder embedder;
  private @Nullable Boolean closeEmbedder;
  private @Nullable SimilarityThreshold threshold;
  private final List<ThresholdRule> thresholdRules = new ArrayList<>();
  private @Nullable Duration defaultTtl;
  private @Nullable FailureMode failureMode;
  private @Nullable MeterRegistry meterRegistry;
  private @Nullable PartitionLabeler partitionLabeler;
  private @Nullable Clock clock;
  private @Nullable Executor executor;
  private @Nullable Integer candidateLimit;
  private @Nullable String name;
  private @Nullable List<HitVerifier> verifiers;
  private @Nullable WritePolicy writePolicy;
  private @Nullable Predicate<? super ResponseMetadata> cacheableFinish;
  private @Nullable ShadowMode shadowMode;

  protected SemanticCacheBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Required: the embedder that turns prompts into vectors. */
  public B embedder(Embedder embedder) {
    requireUnset("embedder", this.embedder);
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    return self();
  }

  /** Whether {@link SemanticCache#close()} also closes the embedder; default false. */
  public B closeEmbedderOnClose(boolean closeEmbedder) {
    requireUnset("closeEmbedderOnClose", this.closeEmbedder);
    this.closeEmbedder = closeEmbedder;
    return self();
  }

  /**
   * The default similarity threshold, {@link SimilarityThreshold#DEFAULT} unless set.
   *
   * @throws IllegalArgumentException if outside [0, 1]
   */
  public B similarityThreshold(double threshold) {
    requireUnset("similarityThreshold", this.threshold);
    this.threshold = SimilarityThreshold.of(threshold);
    return self();
  }

  /**
   * Adds a threshold override for the partitions the rule matches; may be called once per
   * distinct (tenant, model) pair.
   *
   * @throws IllegalStateException if a rule for the same tenant and model was already added
   */
  public B thresholdRule(ThresholdRule rule) {
    Objects.requireNonNull(rule, "rule");
    for (ThresholdRule existing : thresholdRules) {
      if (Objects.equals(existing.tenant(), rule.tenant())
          && Objects.equals(existing.model(), rule.model())) {
        throw new IllegalStateException("thresholdRule for tenant=" + rule.tenant() + ", model="
            + rule.model() + " was already added");
      }
    }
    thresholdRules.add(rule);
    return self();
  }

  /**
   * Time to live of entries stored without one; {@link #DEFAULT_TTL} unless set.
   *
   * @throws IllegalArgumentException if zero, negative, or over {@link Long#MAX_VALUE} ms
   */
  public B defaultTtl(Duration ttl) {
    requireUnset("defaultTtl", this.defaultTtl);
    this.defaultTtl = SemanticCacheConfig.checkTtl("defaultTtl", ttl);
    return self();
  }

  /** {@link FailureMode#FAIL_OPEN} unless set. */
  public B failureMode(FailureMode failureMode) {
    requireUnset("failureMode", this.failureMode);
    this.failureMode = Objects.requireNonNull(failureMode, "failureMode");
    return self();
  }

  /** Where metrics go; Micrometer's global registry unless set. */
  public B meterRegistry(MeterRegistry meterRegistry) {
    requireUnset("meterRegistry", this.meterRegistry);
    this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
    return self();
  }

  /**
   * The {@code partition} tag of metrics; by model, capped at {@value #DEFAULT_MAX_MODEL_LABELS}
   * distinct values, unless set. Never put raw tenant ids here without a bound.
   */
  public B partitionLabeler(PartitionLabeler labeler) {
    requireUnset("partitionLabeler", this.partitionLabeler);
    this.partitionLabeler = Objects.requireNonNull(labeler, "labeler");
    return self();
  }

  /** The clock for creation and expiry times; the UTC system clock unless set. */
  public B clock(Clock clock) {
    requireUnset("clock", this.clock);
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * Runs the {@code *Async} methods' blocking work (embedding, backend calls). Unless set, each
   * cache owns a bounded pool of daemon threads named {@code semcache-<name>-async-N}, shut down
   * by {@code close()}; never the common fork-join pool. An executor given here is not closed.
   */
  public B executor(Executor executor) {
    requireUnset("executor", this.executor);
    this.executor = Objects.requireNonNull(executor, "executor");
    return self();
  }

  /**
   * How many nearest entries a semantic search fetches; the best live one at or above the
   * threshold wins. {@value #DEFAULT_CANDIDATE_LIMIT} unless set.
   *
   * @throws IllegalArgumentException unless in [1, 1024]
   */
  public B candidateLimit(int limit) {
    requireUnset("candidateLimit", this.candidateLimit);
    this.candidateLimit = SemanticCacheConfig.checkCandidateLimit(limit);
    return self();
  }

  /**
   * The chain of verifiers every semantic candidate must pass, in order (put the cheapest first);
   * replaces the default chain, {@link Verifiers#defaults()} (polarity, numbers, names, word order,
   * the default acceptance model, and the cross-encoder when provisioned). An empty list turns verification off: candidates are then judged
   * by similarity alone.
   *
   * @throws IllegalStateException if the chain was already set
   * @throws IllegalArgumentException if two verifiers share a name
   */
  public B verifiers(List<? extends HitVerifier> chain) {
    requireUnset("verifiers", this.verifiers);
    Objects.requireNonNull(chain, "chain");
    java.util.Set<String> names = new java.util.HashSet<>();
    for (HitVerifier verifier : chain) {
      Objects.requireNonNull(verifier, "chain: a null verifier");
      if (!names.add(Objects.requireNonNull(verifier.name(), "verifier.name()"))) {
        throw new IllegalArgumentException("chain: two verifiers are named '" + verifier.name()
            + "'; names must be unique (they tag metrics and rejections)");
      }
    }
    this.verifiers = List.copyOf(chain);
    return self();
  }

  /**
   * Consulted before every store; may veto it. {@link WritePolicy#refuseErrorResponses()} unless
   * set; {@link WritePolicy#allowAll()} turns it off.
   *
   * @throws IllegalStateException if already set
   */
  public B writePolicy(WritePolicy policy) {
    requireUnset("writePolicy", this.writePolicy);
    this.writePolicy = Objects.requireNonNull(policy, "policy");
    return self();
  }

  /**
   * Which loaded responses a get-or-load may store, judged on their attributes (a streamed one's
   * final attributes, every chunk's merged, once its stream has completed); a refused one is {@link
   * io.semcache.StoreOutcome#REFUSED_BY_POLICY} (a stream's counted as {@code
   * semcache.streams{outcome=not_cacheable}}). Unless set, a response is refused when its {@code
   * finish_reason} is one of {@link #UNCACHEABLE_FINISH_REASONS}. The {@link #writePolicy} is
   * consulted after it. A {@code put} is the caller's own decision and is not judged by it.
   *
   * @throws IllegalStateException if already set
   */
  public B cacheableFinish(Predicate<? super ResponseMetadata> test) {
    requireUnset("cacheableFinish", this.cacheableFinish);
    this.cacheableFinish = Objects.requireNonNull(test, "test");
    return self();
  }

  /**
   * Runs lookups in the partitions {@code mode} covers without serving them, counting what they
   * would have decided; {@link ShadowMode#off()} unless set.
   *
   * @throws IllegalStateException if already set
   */
  public B shadowMode(ShadowMode mode) {
    requireUnset("shadowMode", this.shadowMode);
    this.shadowMode = Objects.requireNonNull(mode, "mode");
    return self();
  }

  /** The {@code cache} tag of metrics, to tell several caches apart; {@code default} unless set. */
  public B name(String name) {
    requireUnset("name", this.name);
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: expected a non-blank name");
    }
    this.name = name;
    return self();
  }

  /**
   * Builds the cache.
   *
   * @throws IllegalStateException if a required option (the embedder) is missing or options
   *     conflict
   * @throws io.semcache.IncompatibleEmbedderException if the backend holds entries of another
   *     model or dimension
   */
  public abstract SemanticCache build();

  /**
   * Applies the shared options of a router configuration block: name, threshold and its rules,
   * time to live, failure mode, candidate limit (when given), metrics label and verifiers. Backend-specific options are
   * the provider's business.
   *
   * @throws IllegalStateException if one of these options was already set
   */
  public B applyConfig(SemanticCacheConfig config) {
    Objects.requireNonNull(config, "config");
    name(config.name());
    similarityThreshold(config.similarityThreshold().value());
    config.thresholdRules().forEach(this::thresholdRule);
    defaultTtl(config.ttl());
    failureMode(config.failureMode());
    config.candidateLimit().ifPresent(this::candidateLimit);
    partitionLabeler(switch (config.metricsPartitionLabel()) {
      case MODEL -> PartitionLabeler.byModel(DEFAULT_MAX_MODEL_LABELS);
      case NONE -> PartitionLabeler.none();
    });
    verifiers(config.verification().verifiers());
    shadowMode(config.shadowMode());
    config.uncacheableFinishReasons().ifPresent(reasons -> cacheableFinish(refusing(reasons)));
    return self();
  }

  /** Whether {@link #candidateLimit} was set, for backends with their own default. */
  protected final boolean candidateLimitSet() {
    return candidateLimit != null;
  }

  /** The clock this builder will use: the one set, or the UTC system clock. */
  protected final Clock clockOrDefault() {
    return clock != null ? clock : Clock.systemUTC();
  }

  /** The meter registry this builder will use: the one set, or the global registry. */
  protected final MeterRegistry meterRegistryOrDefault() {
    return meterRegistry != null ? meterRegistry : Metrics.globalRegistry;
  }

  /** The embedder, for backend checks at build time. */
  protected final Embedder requireEmbedder() {
    if (embedder == null) {
      throw new IllegalStateException("embedder: required, but not set");
    }
    return embedder;
  }

  /**
   * Builds the cache on {@code store}, opening it. The store is closed if opening fails.
   *
   * @throws IllegalStateException if no embedder was set
   * @throws io.semcache.IncompatibleEmbedderException if the store holds entries of another model
   */
  protected final SemanticCache build(EntryStore store) {
    Objects.requireNonNull(store, "store");
    Embedder embedder = requireEmbedder();
    CacheSettings settings = new CacheSettings(
        name != null ? name : "default",
        embedder,
        closeEmbedder != null && closeEmbedder,
        new ThresholdResolver(threshold != null ? threshold : SimilarityThreshold.DEFAULT,
            thresholdRules),
        defaultTtl != null ? defaultTtl : DEFAULT_TTL,
        failureMode != null ? failureMode : FailureMode.FAIL_OPEN,
        meterRegistryOrDefault(),
        partitionLabeler != null
            ? partitionLabeler
            : PartitionLabeler.byModel(DEFAULT_MAX_MODEL_LABELS),
        clockOrDefault(),
        executor != null ? executor : CacheExecutor.create(name != null ? name : "default"),
        executor == null,
        candidateLimit != null ? candidateLimit : DEFAULT_CANDIDATE_LIMIT,
        verifiers != null ? verifiers : Verifiers.defaults(),
        writePolicy != null ? writePolicy : WritePolicy.refuseErrorResponses(),
        cacheableFinish != null ? cacheableFinish : refusing(UNCACHEABLE_FINISH_REASONS),
        shadowMode != null ? shadowMode : ShadowMode.off());
    return CoreSemanticCache.open(settings, store);
  }

  /** A {@link #cacheableFinish} test refusing these finish reasons (and nothing without one). */
  public static Predicate<ResponseMetadata> refusing(Set<String> finishReasons) {
    Set<String> refused = Set.copyOf(finishReasons);
    return metadata -> metadata.finishReason().map(reason -> !refused.contains(reason))
        .orElse(true);
  }

  /**
   * For each option of a builder: set once.
   *
   * @throws IllegalStateException if {@code current} (the option's value so far) is set
   */
  protected static void requireUnset(String option, @Nullable Object current) {
    if (current != null) {
      throw new IllegalStateException(option + " was already set to " + current);
    }
  }
}
