package io.semcache.config;

import io.semcache.FailureMode;
import io.semcache.ShadowMode;
import io.semcache.SimilarityThreshold;
import io.semcache.ThresholdRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The router's {@code semantic_cache} block: which backend, where its own configuration file is,
 * and the options every backend shares. A backend's own keys (the memory backend's bounds, say)
 * are read by that backend's {@link BackendConfigReader} from the same block, and handed back to
 * it by {@link #backendOptions(Class)}. Every key, its default and meaning are listed in the
 * README's configuration reference.
 *
 * <pre>{@code
 * semantic_cache:
 *   backend_type: milvus                 # memory (default) | milvus
 *   backend_config_path: milvus.yaml     # milvus only; relative to this file
 *   similarity_threshold: 0.9
 *   ttl_seconds: 3600
 * }</pre>
 *
 * <p>Read it with {@link #read(ConfigSection)} from a {@link YamlConfig}, together with the
 * embedder's block, then call {@link YamlConfig#requireValid()} once, so that every problem of the
 * file is reported together.
 */
public final class SemanticCacheConfig {

  /** Backend types this version knows. */
  public static final List<String> BACKEND_TYPES = List.of("memory", "milvus");

  /** The key of the embedder's block, read by the embedding module, not by this class. */
  public static final String EMBEDDING_KEY = "embedding";

  /** Default entry time to live when {@code ttl_seconds} is absent. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** Candidates per search of the memory backend when {@code candidate_limit} is absent. */
  public static final int DEFAULT_CANDIDATE_LIMIT = 4;

  private final boolean enabled;
  private final String backendType;
  private final @Nullable Path backendConfigPath;
  private final String name;
  private final SimilarityThreshold similarityThreshold;
  private final List<ThresholdRule> thresholdRules;
  private final Duration ttl;
  private final FailureMode failureMode;
  private final @Nullable Integer candidateLimit;
  private final MetricsPartitionLabel metricsPartitionLabel;
  private final VerificationConfig verification;
  private final ShadowMode shadowMode;
  private final @Nullable Set<String> uncacheableFinishReasons;
  private final @Nullable Object backendOptions;

  /** How the {@code partition} tag of metrics is derived. */
  public enum MetricsPartitionLabel {
    /** The LLM model name, capped in distinct values. */
    MODEL,
    /** One label, {@code all}. */
    NONE
  }

  private SemanticCacheConfig(Builder b, @Nullable Object backendOptions) {
    this.enabled = b.enabled;
    this.backendType = b.backendType;
    this.backendConfigPath = b.backendConfigPath;
    this.name = b.name;
    this.similarityThreshold = b.similarityThreshold;
    this.thresholdRules = List.copyOf(b.thresholdRules);
    this.ttl = b.ttl;
    this.failureMode = b.failureMode;
    this.candidateLimit = b.candidateLimit;
    this.metricsPartitionLabel = b.metricsPartitionLabel;
    this.verification = b.verification;
    this.shadowMode = b.shadowMode;
    this.uncacheableFinishReasons = b.uncacheableFinishReasons;
    this.backendOptions = backendOptions;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads the {@code semantic_cache} block of a router configuration file on its own (keys of the
   * rest of the file belong to the router and are ignored; the {@code embedding} block is left to
   * the embedding module).
   *
   * @throws ConfigException listing every problem of the block
   */
  public static SemanticCacheConfig load(Path routerConfigFile) {
    YamlConfig yaml = YamlConfig.load(routerConfigFile);
    SemanticCacheConfig config = read(yaml.root().sectionOrEmpty("semantic_cache"));
    yaml.requireValid();
    return config;
  }

  /**
   * Reads a {@code semantic_cache} block into a {@link Builder}, recording problems in its
   * document, and hands the block to the configured backend's {@link BackendConfigReader} found on
   * the classpath, which reads the backend's own keys. Marks {@value #EMBEDDING_KEY} as known
   * without reading it. A key of another backend on the classpath is reported as such; any other
   * key unread is unknown.
   */
  public static SemanticCacheConfig read(ConfigSection block) {
    Builder b = builder();
    block.bind("enabled", ConfigType.BOOL, b::enabled);
    String backendType = block.bind("backend_type", ConfigType.STRING, b::backendType)
        .orElse(block.has("backend_type") ? "" : b.backendType);
    block.bind("backend_config_path", ConfigType.PATH, b::backendConfigPath);
    block.bind("name", ConfigType.STRING, b::name);
    block.bind("similarity_threshold", ConfigType.DOUBLE, b::similarityThreshold);
    block.bind("ttl_seconds", ConfigType.LONG, seconds -> b.ttl(Duration.ofSeconds(seconds)));
    block.bind("failure_mode", ConfigType.lowerCase(FailureMode.class), b::failureMode);
    block.bind("candidate_limit", ConfigType.INT, b::candidateLimit);
    block.bind("metrics_partition_label", ConfigType.lowerCase(MetricsPartitionLabel.class),
        b::metricsPartitionLabel);
    b.verification(VerificationConfig.read(block.sectionOrEmpty("verification")));
    block.section("shadow").flatMap(SemanticCacheConfig::readShadow).ifPresent(b::shadowMode);
    block.bind("uncacheable_finish_reasons", ConfigType.listOf(ConfigType.STRING),
        reasons -> b.uncacheableFinishReasons(Set.copyOf(reasons)));
    for (ConfigSection rule : block.sections("partition_thresholds")) {
      readRule(rule).ifPresent(b::thresholdRule);
    }
    block.markRead(EMBEDDING_KEY);
    Object backendOptions = null;
    for (BackendConfigReader reader : ServiceLoader.load(BackendConfigReader.class,
        SemanticCacheConfig.class.getClassLoader())) {
      if (reader.backendType().equals(backendType)) {
        backendOptions = reader.read(block);
        continue;
      }
      for (String key : reader.keys()) {
        if (block.has(key) && !backendType.isEmpty()) {
          block.problem(key, "applies to backend_type " + reader.backendType() + " only, but the"
              + " backend is " + backendType);
        }
        if (block.has(key)) {
          block.markRead(key);
        }
      }
    }
    block.rejectUnknownKeys();
    return new SemanticCacheConfig(b, backendOptions);
  }

  /** {@code shadow: {thresholds: [...], tenants: [...]}}; without tenants, every partition. */
  private static Optional<ShadowMode> readShadow(ConfigSection shadow) {
    Optional<List<Double>> thresholds = shadow.get("thresholds", ConfigType.listOf(ConfigType.DOUBLE));
    Optional<List<String>> tenants = shadow.get("tenants", ConfigType.listOf(ConfigType.STRING));
    shadow.rejectUnknownKeys();
    if (thresholds.isEmpty()) {
      shadow.problem("thresholds", "required: the similarity thresholds to record decisions at");
      return Optional.empty();
    }
    return shadow.attempt("thresholds", () -> ShadowMode.everywhere(
        thresholds.get().stream().mapToDouble(Double::doubleValue).toArray()))
        .map(mode -> tenants.map(list -> mode.onlyForTenants(list.toArray(String[]::new)))
            .orElse(mode));
  }

  private static Optional<ThresholdRule> readRule(ConfigSection rule) {
    int problemsBefore = rule.problemCount();
    Optional<String> tenant = rule.get("tenant", ConfigType.STRING);
    Optional<String> model = rule.get("model", ConfigType.STRING);
    Optional<SimilarityThreshold> threshold = rule.get("threshold", ConfigType.DOUBLE)
        .flatMap(t -> rule.attempt("threshold", () -> SimilarityThreshold.of(t)));
    rule.rejectUnknownKeys();
    if (rule.problemCount() > problemsBefore) {
      return Optional.empty();
    }
    return rule.attempt(threshold.isPresent() ? "tenant" : "threshold", () ->
        new ThresholdRule(tenant.orElse(null), model.orElse(null), threshold.orElse(null)));
  }

  /** {@code enabled}: whether the router should use a cache at all; default true. */
  public boolean enabled() {
    return enabled;
  }

  /** {@code backend_type}: {@code memory} or {@code milvus}. */
  public String backendType() {
    return backendType;
  }

  /** {@code backend_config_path}, resolved against the router file's folder. */
  public Optional<Path> backendConfigPath() {
    return Optional.ofNullable(backendConfigPath);
  }

  public String name() {
    return name;
  }

  public SimilarityThreshold similarityThreshold() {
    return similarityThreshold;
  }

  /** {@code partition_thresholds}. */
  public List<ThresholdRule> thresholdRules() {
    return thresholdRules;
  }

  /** {@code ttl_seconds}. */
  public Duration ttl() {
    return ttl;
  }

  public FailureMode failureMode() {
    return failureMode;
  }

  /** {@code candidate_limit}; when absent the backend's default applies. */
  public OptionalInt candidateLimit() {
    return candidateLimit == null ? OptionalInt.empty() : OptionalInt.of(candidateLimit);
  }

  public MetricsPartitionLabel metricsPartitionLabel() {
    return metricsPartitionLabel;
  }

  /** {@code shadow}: the partitions shadowed and the thresholds recorded; off unless given. */
  public ShadowMode shadowMode() {
    return shadowMode;
  }

  /**
   * {@code uncacheable_finish_reasons}: the finish reasons after which a get-or-load does not store
   * its loaded response; empty for the cache's default.
   */
  public Optional<Set<String>> uncacheableFinishReasons() {
    return Optional.ofNullable(uncacheableFinishReasons);
  }

  /** {@code verification}: the hit verifiers. */
  public VerificationConfig verification() {
    return verification;
  }

  /**
   * What the configured backend's {@link BackendConfigReader} read from the block; empty when the
   * configuration was built in code, or {@code type} is not the backend's.
   */
  public <T> Optional<T> backendOptions(Class<T> type) {
    return type.isInstance(backendOptions) ? Optional.of(type.cast(backendOptions))
        : Optional.empty();
  }

  /**
   * The rule of a time to live, here and in the cache builders ({@code defaultTtl}): positive,
   * and at most {@link Long#MAX_VALUE} milliseconds.
   *
   * @throws IllegalArgumentException naming {@code option} otherwise
   */
  public static Duration checkTtl(String option, Duration ttl) {
    Objects.requireNonNull(ttl, option);
    if (ttl.isZero() || ttl.isNegative() || ttl.getSeconds() > Long.MAX_VALUE / 1000) {
      throw new IllegalArgumentException(option + ": expected a positive number of seconds, got "
          + ttl.toSeconds());
    }
    return ttl;
  }

  /**
   * The rule of a candidate limit, here and in the cache builders: 1..1024.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static int checkCandidateLimit(int limit) {
    if (limit < 1 || limit > 1024) {
      throw new IllegalArgumentException("candidateLimit: expected an integer in [1, 1024], got "
          + limit);
    }
    return limit;
  }

  @Override
  public String toString() {
    return "SemanticCacheConfig[backend=" + backendType + ", name=" + name + ", threshold="
        + similarityThreshold.value() + ", ttl=" + ttl + ", enabled=" + enabled + "]";
  }

  /** Builds a config in code, with the same defaults as the YAML block. */
  public static final class Builder {
    private boolean enabled = true;
    private String backendType = "memory";
    private @Nullable Path backendConfigPath;
    private String name = "default";
    private SimilarityThreshold similarityThreshold = SimilarityThreshold.DEFAULT;
    private final List<ThresholdRule> thresholdRules = new ArrayList<>();
    private Duration ttl = DEFAULT_TTL;
    private FailureMode failureMode = FailureMode.FAIL_OPEN;
    private @Nullable Integer candidateLimit;
    private MetricsPartitionLabel metricsPartitionLabel = MetricsPartitionLabel.MODEL;
    private VerificationConfig verification = VerificationConfig.DEFAULTS;
    private ShadowMode shadowMode = ShadowMode.off();
    private @Nullable Set<String> uncacheableFinishReasons;

    /** Replaces the cache's default list; an empty set stores whatever the finish reason. */
    public Builder uncacheableFinishReasons(Set<String> reasons) {
      this.uncacheableFinishReasons = Set.copyOf(Objects.requireNonNull(reasons, "reasons"));
      return this;
    }

    public Builder shadowMode(ShadowMode shadowMode) {
      this.shadowMode = Objects.requireNonNull(shadowMode, "shadowMode");
      return this;
    }

    private Builder() {}

    public Builder verification(VerificationConfig verification) {
      this.verification = Objects.requireNonNull(verification, "verification");
      return this;
    }

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** @throws IllegalArgumentException unless one of {@link #BACKEND_TYPES} */
    public Builder backendType(String backendType) {
      Objects.requireNonNull(backendType, "backendType");
      if (!BACKEND_TYPES.contains(backendType)) {
        throw new IllegalArgumentException("backendType: expected one of "
            + String.join(", ", BACKEND_TYPES) + ", got \"" + backendType + "\"");
      }
      this.backendType = backendType;
      return this;
    }

    /** The backend's own configuration file, for a backend that has one. */
    public Builder backendConfigPath(Path path) {
      this.backendConfigPath = Objects.requireNonNull(path, "path");
      return this;
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** @throws IllegalArgumentException unless in [0, 1] */
    public Builder similarityThreshold(double threshold) {
      this.similarityThreshold = SimilarityThreshold.of(threshold);
      return this;
    }

    public Builder thresholdRule(ThresholdRule rule) {
      thresholdRules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** @throws IllegalArgumentException see {@link SemanticCacheConfig#checkTtl} */
    public Builder ttl(Duration ttl) {
      this.ttl = checkTtl("ttl", ttl);
      return this;
    }

    public Builder failureMode(FailureMode failureMode) {
      this.failureMode = Objects.requireNonNull(failureMode, "failureMode");
      return this;
    }

    /** @throws IllegalArgumentException see {@link SemanticCacheConfig#checkCandidateLimit} */
    public Builder candidateLimit(int candidateLimit) {
      this.candidateLimit = checkCandidateLimit(candidateLimit);
      return this;
    }

    public Builder metricsPartitionLabel(MetricsPartitionLabel label) {
      this.metricsPartitionLabel = Objects.requireNonNull(label, "label");
      return this;
    }

    /**
     * Builds the configuration; whether the backend needs a {@link #backendConfigPath} is the
     * backend's business, checked when it creates the cache.
     */
    public SemanticCacheConfig build() {
      return new SemanticCacheConfig(this, null);
    }
  }
}
