package io.semcache.config;

import io.semcache.FailureMode;
import io.semcache.SimilarityThreshold;
import io.semcache.ThresholdRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The router's {@code semantic_cache} block: which backend, where its own configuration file is,
 * and the options every backend shares. Every key, its default and meaning are listed in the
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
  private final @Nullable Long maxEntries;
  private final @Nullable Long maxMemoryBytes;
  private final @Nullable Integer exactSearchLimit;
  private final VerificationConfig verification;

  /** How the {@code partition} tag of metrics is derived. */
  public enum MetricsPartitionLabel {
    /** The LLM model name, capped in distinct values. */
    MODEL,
    /** One label, {@code all}. */
    NONE
  }

  private SemanticCacheConfig(Builder b) {
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
    this.maxEntries = b.maxEntries;
    this.maxMemoryBytes = b.maxMemoryBytes;
    this.exactSearchLimit = b.exactSearchLimit;
    this.verification = b.verification;
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
   * Reads a {@code semantic_cache} block, recording problems in its document. Marks {@value
   * #EMBEDDING_KEY} as known without reading it.
   */
  public static SemanticCacheConfig read(ConfigSection block) {
    Builder b = builder();
    b.enabled = block.bool("enabled", true);
    b.backendType = block.oneOf("backend_type", "memory", BACKEND_TYPES.toArray(String[]::new));
    b.backendConfigPath = block.path("backend_config_path").orElse(null);
    b.name = block.string("name", "default");
    b.similarityThreshold = SimilarityThreshold.of(block.number("similarity_threshold",
        SimilarityThreshold.DEFAULT.value(), 0.0, 1.0));
    b.ttl = block.has("ttl_seconds")
        ? Duration.ofSeconds(block.integer("ttl_seconds", 3600, 1, Long.MAX_VALUE / 1000,
            "a positive number of seconds"))
        : DEFAULT_TTL;
    b.failureMode = FailureMode.valueOf(block.oneOf("failure_mode", "fail_open",
        "fail_open", "fail_closed").toUpperCase(Locale.ROOT));
    if (block.has("candidate_limit")) {
      b.candidateLimit = (int) block.integer("candidate_limit", DEFAULT_CANDIDATE_LIMIT, 1, 1024,
          "an integer in [1, 1024]");
    }
    b.metricsPartitionLabel = MetricsPartitionLabel.valueOf(
        block.oneOf("metrics_partition_label", "model", "model", "none").toUpperCase(Locale.ROOT));
    OptionalLong maxEntries = block.optionalPositiveLong("max_entries");
    OptionalLong maxMemoryBytes = block.optionalPositiveLong("max_memory_bytes");
    b.maxEntries = maxEntries.isPresent() ? maxEntries.getAsLong() : null;
    b.maxMemoryBytes = maxMemoryBytes.isPresent() ? maxMemoryBytes.getAsLong() : null;
    if (block.has("exact_search_limit")) {
      b.exactSearchLimit = (int) block.integer("exact_search_limit", 0, 0, Integer.MAX_VALUE,
          "0 or a positive integer");
    }
    b.verification = VerificationConfig.read(block.sectionOrEmpty("verification"));
    for (ConfigSection rule : block.sections("partition_thresholds")) {
      readRule(rule).ifPresent(b.thresholdRules::add);
    }
    if (block.has("eviction_policy")) {
      block.problem("eviction_policy", "not supported: the memory backend always evicts with"
          + " Caffeine's W-TinyLFU, which keeps more hits than LRU, LFU or FIFO; remove the key");
    }
    block.markRead(EMBEDDING_KEY, "eviction_policy");
    checkBackendSpecificKeys(block, b);
    block.rejectUnknownKeys();
    return b.buildUnchecked();
  }

  private static Optional<ThresholdRule> readRule(ConfigSection rule) {
    Optional<String> tenant = rule.string("tenant");
    Optional<String> model = rule.string("model");
    boolean thresholdGiven = rule.has("threshold");
    double threshold = rule.number("threshold", -1, 0.0, 1.0);
    rule.rejectUnknownKeys();
    if (tenant.isEmpty() && model.isEmpty()) {
      rule.problem("tenant", "expected a tenant, a model, or both");
      return Optional.empty();
    }
    if (!thresholdGiven) {
      rule.problem("threshold", "required, expected a number in [0, 1]");
      return Optional.empty();
    }
    if (threshold < 0) {
      return Optional.empty();
    }
    return Optional.of(new ThresholdRule(tenant.orElse(null), model.orElse(null),
        SimilarityThreshold.of(threshold)));
  }

  private static void checkBackendSpecificKeys(ConfigSection block, Builder b) {
    if (b.backendType.equals("milvus")) {
      if (b.backendConfigPath == null && !block.has("backend_config_path")) {
        block.problem("backend_config_path",
            "required when backend_type is milvus: the path of the Milvus client configuration");
      }
      for (String memoryOnly : List.of("max_entries", "max_memory_bytes", "exact_search_limit")) {
        if (block.has(memoryOnly)) {
          block.problem(memoryOnly, "applies to backend_type memory only, but the backend is"
              + " milvus (whose size is bounded by the ttl and the Milvus deployment)");
        }
      }
    } else {
      if (block.has("backend_config_path")) {
        block.problem("backend_config_path",
            "applies to backend_type milvus only; the memory backend has no separate file");
      }
      if (b.maxEntries != null && b.maxMemoryBytes != null) {
        block.problem("max_memory_bytes", "expected either max_entries or max_memory_bytes,"
            + " got both");
      }
    }
  }

  /** Default entry time to live when {@code ttl_seconds} is absent. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** Candidates per search of the memory backend when {@code candidate_limit} is absent. */
  public static final int DEFAULT_CANDIDATE_LIMIT = 4;

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

  /** {@code max_entries}, memory backend only. */
  public OptionalLong maxEntries() {
    return maxEntries == null ? OptionalLong.empty() : OptionalLong.of(maxEntries);
  }

  /** {@code max_memory_bytes}, memory backend only. */
  public OptionalLong maxMemoryBytes() {
    return maxMemoryBytes == null ? OptionalLong.empty() : OptionalLong.of(maxMemoryBytes);
  }

  /** {@code verification}: the hit verifiers. */
  public VerificationConfig verification() {
    return verification;
  }

  /** {@code exact_search_limit}, memory backend only. */
  public OptionalInt exactSearchLimit() {
    return exactSearchLimit == null ? OptionalInt.empty() : OptionalInt.of(exactSearchLimit);
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
    private @Nullable Long maxEntries;
    private @Nullable Long maxMemoryBytes;
    private @Nullable Integer exactSearchLimit;
    private VerificationConfig verification = VerificationConfig.DEFAULTS;

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
        throw new IllegalArgumentException("backendType: expected one of " + BACKEND_TYPES
            + ", got \"" + backendType + "\"");
      }
      this.backendType = backendType;
      return this;
    }

    public Builder backendConfigPath(Path path) {
      this.backendConfigPath = Objects.requireNonNull(path, "path");
      return this;
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder similarityThreshold(double threshold) {
      this.similarityThreshold = SimilarityThreshold.of(threshold);
      return this;
    }

    public Builder thresholdRule(ThresholdRule rule) {
      thresholdRules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** @throws IllegalArgumentException if not positive */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isZero() || ttl.isNegative()) {
        throw new IllegalArgumentException("ttl: expected a positive duration, got " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    public Builder failureMode(FailureMode failureMode) {
      this.failureMode = Objects.requireNonNull(failureMode, "failureMode");
      return this;
    }

    public Builder maxEntries(long maxEntries) {
      if (maxEntries <= 0) {
        throw new IllegalArgumentException("maxEntries: expected a positive integer, got "
            + maxEntries);
      }
      this.maxEntries = maxEntries;
      return this;
    }

    public Builder maxMemoryBytes(long maxMemoryBytes) {
      if (maxMemoryBytes <= 0) {
        throw new IllegalArgumentException("maxMemoryBytes: expected a positive integer, got "
            + maxMemoryBytes);
      }
      this.maxMemoryBytes = maxMemoryBytes;
      return this;
    }

    public Builder exactSearchLimit(int exactSearchLimit) {
      if (exactSearchLimit < 0) {
        throw new IllegalArgumentException("exactSearchLimit: expected 0 or more, got "
            + exactSearchLimit);
      }
      this.exactSearchLimit = exactSearchLimit;
      return this;
    }

    public Builder candidateLimit(int candidateLimit) {
      if (candidateLimit < 1 || candidateLimit > 1024) {
        throw new IllegalArgumentException("candidateLimit: expected 1..1024, got "
            + candidateLimit);
      }
      this.candidateLimit = candidateLimit;
      return this;
    }

    public Builder metricsPartitionLabel(MetricsPartitionLabel label) {
      this.metricsPartitionLabel = Objects.requireNonNull(label, "label");
      return this;
    }

    /**
     * @throws IllegalStateException if the options conflict (see {@link #read} for the rules)
     */
    public SemanticCacheConfig build() {
      List<String> conflicts = new ArrayList<>();
      if (backendType.equals("milvus") && backendConfigPath == null) {
        conflicts.add("backendConfigPath: required when backendType is milvus");
      }
      if (backendType.equals("memory") && backendConfigPath != null) {
        conflicts.add("backendConfigPath: applies to backendType milvus only");
      }
      if (maxEntries != null && maxMemoryBytes != null) {
        conflicts.add("maxEntries, maxMemoryBytes: expected at most one");
      }
      if (!conflicts.isEmpty()) {
        throw new IllegalStateException(String.join("; ", conflicts));
      }
      return buildUnchecked();
    }

    private SemanticCacheConfig buildUnchecked() {
      return new SemanticCacheConfig(this);
    }
  }
}
