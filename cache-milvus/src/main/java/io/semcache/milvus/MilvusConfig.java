package io.semcache.milvus;

import io.semcache.config.ConfigException;
import io.semcache.config.ConfigSection;
import io.semcache.config.YamlConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How to reach Milvus and how the cache's collection looks: the Milvus client file of a router,
 * read with {@link #load(Path)}, or built in code with {@link #builder()}. Immutable. Every key,
 * its default and its meaning are listed in the module's README; the defaults equal this file:
 *
 * <pre>{@code
 * connection:
 *   host: localhost
 *   port: 19530
 *   timeout: 30            # seconds: connect timeout
 *   auth: {enabled: false, username: "", password: ""}
 *   tls: {enabled: false}
 * collection:
 *   name: semantic_cache
 *   vector_field: {name: embedding, dimension: 384, metric_type: IP}
 *   index: {type: HNSW, params: {M: 16, efConstruction: 64}}
 * search:
 *   params: {ef: 64}
 *   topk: 10
 *   consistency_level: Session
 * development:
 *   auto_create_collection: true
 *   verbose_errors: true
 * }</pre>
 */
public final class MilvusConfig {

  /** Milvus' rule for collection, field and database names. */
  private static final Pattern MILVUS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  /** Field names the backend's schema uses; the vector field may not take one of them. */
  static final Set<String> RESERVED_FIELD_NAMES = Set.of("id", "partition_key", "tenant", "model",
      "fingerprint", "prompt", "prompt_encoding", "response", "response_encoding", "searchable",
      "created_at", "expires_at", "model_id");

  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 19530;
  public static final String DEFAULT_DATABASE = "default";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
  /**
   * A lookup that waits longer than this is not worth waiting for: a healthy Milvus answers a
   * filtered HNSW search in milliseconds, and the caller is about to spend seconds on the LLM.
   */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(1);
  public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(1);
  public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(2);
  public static final String DEFAULT_COLLECTION = "semantic_cache";
  public static final String DEFAULT_DESCRIPTION = "semcache: semantic cache entries";
  public static final String DEFAULT_VECTOR_FIELD = "embedding";
  public static final int DEFAULT_DIMENSION = 384;
  public static final int DEFAULT_HNSW_M = 16;
  public static final int DEFAULT_HNSW_EF_CONSTRUCTION = 64;
  public static final int DEFAULT_SEARCH_EF = 64;
  public static final int DEFAULT_TOPK = 10;
  public static final Duration DEFAULT_EXPIRY_SWEEP_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_ENTRY_COUNT_REFRESH_INTERVAL = Duration.ofSeconds(30);

  /** The largest vector dimension Milvus accepts. */
  public static final int MAX_DIMENSION = 32_768;

  /** How similarity is measured; both give the cosine for the unit vectors the cache stores. */
  public enum Metric {
    /** Inner product: the cosine for unit vectors, without Milvus normalising them again. */
    IP,
    /** Cosine: Milvus normalises every vector; same scores for unit vectors, a little more work. */
    COSINE
  }

  /** Milvus read consistency levels, as in Milvus' documentation. */
  public enum Consistency {
    /** Reads see every write acknowledged before the read started, by any client. */
    STRONG,
    /** Reads see this process's own acknowledged writes; others' after a short delay. */
    SESSION,
    /** Reads may miss writes of the last few seconds (Milvus' graceful time). */
    BOUNDED,
    /** No guarantee; fastest. */
    EVENTUALLY
  }

  private final String host;
  private final int port;
  private final String database;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final boolean authEnabled;
  private final String username;
  private final String password;
  private final String token;
  private final boolean tlsEnabled;
  private final @Nullable Path caCertPath;
  private final @Nullable Path clientCertPath;
  private final @Nullable Path clientKeyPath;
  private final @Nullable String serverName;
  private final int retryMaxAttempts;
  private final Duration retryInitialBackoff;
  private final Duration retryMaxBackoff;
  private final int breakerFailureThreshold;
  private final Duration breakerOpenDuration;
  private final String collectionName;
  private final String description;
  private final String vectorField;
  private final int dimension;
  private final Metric metric;
  private final int hnswM;
  private final int hnswEfConstruction;
  private final int searchEf;
  private final int topK;
  private final Consistency consistency;
  private final boolean autoCreateCollection;
  private final boolean verboseErrors;
  private final Duration expirySweepInterval;
  private final Duration entryCountRefreshInterval;

  private MilvusConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.database = b.database;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.authEnabled = b.authEnabled;
    this.username = b.username;
    this.password = b.password;
    this.token = b.token;
    this.tlsEnabled = b.tlsEnabled;
    this.caCertPath = b.caCertPath;
    this.clientCertPath = b.clientCertPath;
    this.clientKeyPath = b.clientKeyPath;
    this.serverName = b.serverName;
    this.retryMaxAttempts = b.retryMaxAttempts;
    this.retryInitialBackoff = b.retryInitialBackoff;
    this.retryMaxBackoff = b.retryMaxBackoff;
    this.breakerFailureThreshold = b.breakerFailureThreshold;
    this.breakerOpenDuration = b.breakerOpenDuration;
    this.collectionName = b.collectionName;
    this.description = b.description;
    this.vectorField = b.vectorField;
    this.dimension = b.dimension;
    this.metric = b.metric;
    this.hnswM = b.hnswM;
    this.hnswEfConstruction = b.hnswEfConstruction;
    this.searchEf = b.searchEf;
    this.topK = b.topK;
    this.consistency = b.consistency;
    this.autoCreateCollection = b.autoCreateCollection;
    this.verboseErrors = b.verboseErrors;
    this.expirySweepInterval = b.expirySweepInterval;
    this.entryCountRefreshInterval = b.entryCountRefreshInterval;
  }

  /** The defaults: a local Milvus, the layout shown above. */
  public static MilvusConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a Milvus client file, expanding {@code ${ENV}} references (e.g. {@code password:
   * ${MILVUS_PASSWORD}}) from the process environment.
   *
   * @throws ConfigException listing every problem of the file, each with its YAML path
   */
  public static MilvusConfig load(Path file) {
    YamlConfig yaml = YamlConfig.load(Objects.requireNonNull(file, "file"));
    MilvusConfig config = read(yaml.root());
    yaml.requireValid();
    return config;
  }

  /**
   * Reads a Milvus client document from its root section, recording problems in the document
   * instead of throwing, so that {@link YamlConfig#requireValid()} reports all of them at once.
   * The returned value holds defaults where a value was invalid; use it only if the document is
   * valid.
   */
  public static MilvusConfig read(ConfigSection root) {
    Objects.requireNonNull(root, "root");
    Builder b = new Builder();

    ConfigSection connection = root.sectionOrEmpty("connection");
    b.host = connection.string("host", DEFAULT_HOST).trim();
    if (b.host.isEmpty()) {
      connection.problem("host", "expected a host name or address, got an empty string");
      b.host = DEFAULT_HOST;
    }
    b.port = (int) connection.integer("port", DEFAULT_PORT, 1, 65_535, "a port in [1, 65535]");
    b.database = connection.string("database", DEFAULT_DATABASE);
    if (!MILVUS_NAME.matcher(b.database).matches()) {
      connection.problem("database", nameRule(b.database));
      b.database = DEFAULT_DATABASE;
    }
    b.connectTimeout = connection.duration("timeout", DEFAULT_CONNECT_TIMEOUT);
    b.requestTimeout = connection.duration("request_timeout", DEFAULT_REQUEST_TIMEOUT);
    readAuth(connection.sectionOrEmpty("auth"), b);
    readTls(connection.sectionOrEmpty("tls"), b);
    ConfigSection retry = connection.sectionOrEmpty("retry");
    b.retryMaxAttempts = (int) retry.integer("max_attempts", DEFAULT_RETRY_MAX_ATTEMPTS, 1, 10,
        "an integer in [1, 10] (1 = no retry)");
    b.retryInitialBackoff = retry.duration("initial_backoff", DEFAULT_RETRY_INITIAL_BACKOFF);
    b.retryMaxBackoff = retry.duration("max_backoff", DEFAULT_RETRY_MAX_BACKOFF);
    if (b.retryMaxBackoff.compareTo(b.retryInitialBackoff) < 0) {
      retry.problem("max_backoff", "expected at least initial_backoff ("
          + b.retryInitialBackoff.toMillis() + " ms), got " + b.retryMaxBackoff.toMillis() + " ms");
    }
    retry.rejectUnknownKeys();
    ConfigSection breaker = connection.sectionOrEmpty("circuit_breaker");
    b.breakerFailureThreshold = (int) breaker.integer("failure_threshold",
        DEFAULT_BREAKER_FAILURE_THRESHOLD, 1, 10_000, "an integer in [1, 10000]");
    b.breakerOpenDuration = breaker.duration("open_duration", DEFAULT_BREAKER_OPEN_DURATION);
    breaker.rejectUnknownKeys();
    connection.rejectUnknownKeys();

    ConfigSection collection = root.sectionOrEmpty("collection");
    b.collectionName = collection.string("name", DEFAULT_COLLECTION);
    if (!MILVUS_NAME.matcher(b.collectionName).matches()) {
      collection.problem("name", nameRule(b.collectionName));
      b.collectionName = DEFAULT_COLLECTION;
    }
    b.description = collection.string("description", DEFAULT_DESCRIPTION);
    ConfigSection vector = collection.sectionOrEmpty("vector_field");
    b.vectorField = vector.string("name", DEFAULT_VECTOR_FIELD);
    if (!MILVUS_NAME.matcher(b.vectorField).matches()) {
      vector.problem("name", nameRule(b.vectorField));
      b.vectorField = DEFAULT_VECTOR_FIELD;
    } else if (RESERVED_FIELD_NAMES.contains(b.vectorField)) {
      vector.problem("name", reservedName(b.vectorField));
      b.vectorField = DEFAULT_VECTOR_FIELD;
    }
    b.dimension = (int) vector.integer("dimension", DEFAULT_DIMENSION, 1, MAX_DIMENSION,
        "an integer in [1, " + MAX_DIMENSION + "]");
    b.metric = Metric.valueOf(vector.oneOf("metric_type", "IP", "IP", "COSINE"));
    vector.rejectUnknownKeys();
    ConfigSection index = collection.sectionOrEmpty("index");
    String indexType = index.string("type", "HNSW").trim();
    if (!indexType.equalsIgnoreCase("HNSW")) {
      index.problem("type", "expected HNSW (the only index type this backend creates and"
          + " checks), got \"" + indexType + "\"");
    }
    ConfigSection indexParams = index.sectionOrEmpty("params");
    b.hnswM = (int) indexParams.integer("M", DEFAULT_HNSW_M, 2, 2048, "an integer in [2, 2048]");
    b.hnswEfConstruction = (int) indexParams.integer("efConstruction",
        DEFAULT_HNSW_EF_CONSTRUCTION, 1, Integer.MAX_VALUE, "a positive integer");
    indexParams.rejectUnknownKeys();
    index.rejectUnknownKeys();
    collection.rejectUnknownKeys();

    ConfigSection search = root.sectionOrEmpty("search");
    ConfigSection searchParams = search.sectionOrEmpty("params");
    b.searchEf = searchParams.positiveInt("ef", DEFAULT_SEARCH_EF);
    searchParams.rejectUnknownKeys();
    b.topK = (int) search.integer("topk", DEFAULT_TOPK, 1, 1024, "an integer in [1, 1024]");
    b.consistency = Consistency.valueOf(search.oneOf("consistency_level", "Session",
        "Strong", "Session", "Bounded", "Eventually").toUpperCase(Locale.ROOT));
    search.rejectUnknownKeys();

    ConfigSection development = root.sectionOrEmpty("development");
    b.autoCreateCollection = development.bool("auto_create_collection", true);
    b.verboseErrors = development.bool("verbose_errors", true);
    development.rejectUnknownKeys();

    ConfigSection data = root.sectionOrEmpty("data_management");
    b.expirySweepInterval = data.duration("expiry_sweep_interval", DEFAULT_EXPIRY_SWEEP_INTERVAL);
    b.entryCountRefreshInterval = data.duration("entry_count_refresh_interval",
        DEFAULT_ENTRY_COUNT_REFRESH_INTERVAL);
    data.rejectUnknownKeys();

    root.rejectUnknownKeys();
    return new MilvusConfig(b);
  }

  private static void readAuth(ConfigSection auth, Builder b) {
    b.authEnabled = auth.bool("enabled", false);
    b.username = auth.string("username", "");
    b.password = auth.string("password", "");
    b.token = auth.string("token", "");
    auth.rejectUnknownKeys();
    authProblems(b.authEnabled, b.username, b.password, b.token)
        .forEach(p -> auth.problem(p.key(), p.message()));
  }

  private static void readTls(ConfigSection tls, Builder b) {
    b.tlsEnabled = tls.bool("enabled", false);
    b.caCertPath = tls.path("ca_cert_path").orElse(null);
    b.clientCertPath = tls.path("client_cert_path").orElse(null);
    b.clientKeyPath = tls.path("client_key_path").orElse(null);
    b.serverName = tls.string("server_name").filter(s -> !s.isBlank()).orElse(null);
    tls.rejectUnknownKeys();
    tlsProblems(b.tlsEnabled, b.caCertPath, b.clientCertPath, b.clientKeyPath, b.serverName)
        .forEach(p -> tls.problem(p.key(), p.message()));
  }

  /** A problem with a key of the section being read. */
  private record Problem(String key, String message) {}

  /** Problems of the {@code connection.auth} section. */
  private static List<Problem> authProblems(boolean enabled, String username, String password,
      String token) {
    List<Problem> problems = new ArrayList<>();
    if (enabled) {
      if (!token.isEmpty() && !username.isEmpty()) {
        problems.add(new Problem("token",
            "expected either a token or a username and password, got both"));
      } else if (token.isEmpty() && username.isEmpty()) {
        problems.add(new Problem("username",
            "expected a username and password, or a token, when enabled is true; got neither"));
      } else if (!username.isEmpty() && password.isEmpty()) {
        problems.add(new Problem("password", "expected a password for username \"" + username
            + "\", got an empty string (is its environment variable set?)"));
      }
    } else {
      String[][] credentials = {{"username", username}, {"password", password}, {"token", token}};
      for (String[] credential : credentials) {
        if (!credential[1].isEmpty()) {
          problems.add(new Problem(credential[0], "set, but enabled is false, so it would not be"
              + " sent; set enabled: true or remove it"));
        }
      }
    }
    return problems;
  }

  /** Problems of the {@code connection.tls} section. */
  private static List<Problem> tlsProblems(boolean enabled, @Nullable Path ca,
      @Nullable Path clientCert, @Nullable Path clientKey, @Nullable String serverName) {
    List<Problem> problems = new ArrayList<>();
    String[] keys = {"ca_cert_path", "client_cert_path", "client_key_path"};
    Path[] paths = {ca, clientCert, clientKey};
    if (!enabled) {
      for (int i = 0; i < keys.length; i++) {
        if (paths[i] != null) {
          problems.add(new Problem(keys[i], "set, but enabled is false; set enabled: true or"
              + " remove it"));
        }
      }
      if (serverName != null) {
        problems.add(new Problem("server_name", "set, but enabled is false; set enabled: true or"
            + " remove it"));
      }
      return problems;
    }
    for (int i = 0; i < keys.length; i++) {
      if (paths[i] != null && !Files.isReadable(paths[i])) {
        problems.add(new Problem(keys[i], "expected a readable PEM file, but " + paths[i]
            + " does not exist or cannot be read"));
      }
    }
    if ((clientCert == null) != (clientKey == null)) {
      String missing = clientCert == null ? "client_cert_path" : "client_key_path";
      String given = clientCert == null ? "client_key_path" : "client_cert_path";
      problems.add(new Problem(missing, "required for mutual TLS when " + given + " is set"));
    } else if (clientCert != null && ca == null) {
      problems.add(new Problem("ca_cert_path", "required for mutual TLS (client_cert_path is"
          + " set): the CA that signed the server's certificate"));
    }
    return problems;
  }

  private static String nameRule(String name) {
    return "expected a Milvus name (a letter or underscore, then letters, digits or underscores,"
        + " at most 255 characters), got \"" + name + "\"";
  }

  private static String reservedName(String name) {
    return "\"" + name + "\" is one of the backend's own fields " + RESERVED_FIELD_NAMES.stream()
        .sorted().toList() + "; choose another name for the vector field";
  }

  // ------------------------------------------------------------------ accessors

  /** {@code connection.host}. */
  public String host() {
    return host;
  }

  /** {@code connection.port}. */
  public int port() {
    return port;
  }

  /** {@code connection.database}. */
  public String database() {
    return database;
  }

  /** {@code connection.timeout}: connect timeout, also the deadline of start-up calls. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@code connection.request_timeout}: the deadline of each lookup, store and delete call. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** {@code connection.auth.enabled}. */
  public boolean authEnabled() {
    return authEnabled;
  }

  /** {@code connection.auth.username}; empty when not set. */
  public String username() {
    return username;
  }

  /** {@code connection.auth.password}; empty when not set. Never printed by {@link #toString}. */
  public String password() {
    return password;
  }

  /** {@code connection.auth.token}; empty when not set. Never printed by {@link #toString}. */
  public String token() {
    return token;
  }

  /** {@code connection.tls.enabled}. */
  public boolean tlsEnabled() {
    return tlsEnabled;
  }

  /** {@code connection.tls.ca_cert_path}. */
  public Optional<Path> caCertPath() {
    return Optional.ofNullable(caCertPath);
  }

  /** {@code connection.tls.client_cert_path}. */
  public Optional<Path> clientCertPath() {
    return Optional.ofNullable(clientCertPath);
  }

  /** {@code connection.tls.client_key_path}. */
  public Optional<Path> clientKeyPath() {
    return Optional.ofNullable(clientKeyPath);
  }

  /** {@code connection.tls.server_name}: the name the server certificate is verified against. */
  public Optional<String> serverName() {
    return Optional.ofNullable(serverName);
  }

  /** {@code connection.retry.max_attempts}: attempts of a store, delete or start-up call. */
  public int retryMaxAttempts() {
    return retryMaxAttempts;
  }

  /** {@code connection.retry.initial_backoff}. */
  public Duration retryInitialBackoff() {
    return retryInitialBackoff;
  }

  /** {@code connection.retry.max_backoff}. */
  public Duration retryMaxBackoff() {
    return retryMaxBackoff;
  }

  /** {@code connection.circuit_breaker.failure_threshold}: consecutive failures that open it. */
  public int breakerFailureThreshold() {
    return breakerFailureThreshold;
  }

  /** {@code connection.circuit_breaker.open_duration}: how long it stays open before a probe. */
  public Duration breakerOpenDuration() {
    return breakerOpenDuration;
  }

  /** {@code collection.name}. */
  public String collectionName() {
    return collectionName;
  }

  /** {@code collection.description}, set when the collection is created. */
  public String description() {
    return description;
  }

  /** {@code collection.vector_field.name}. */
  public String vectorField() {
    return vectorField;
  }

  /** {@code collection.vector_field.dimension}; must equal the embedder's. */
  public int dimension() {
    return dimension;
  }

  /** {@code collection.vector_field.metric_type}. */
  public Metric metric() {
    return metric;
  }

  /** {@code collection.index.params.M}. */
  public int hnswM() {
    return hnswM;
  }

  /** {@code collection.index.params.efConstruction}. */
  public int hnswEfConstruction() {
    return hnswEfConstruction;
  }

  /** {@code search.params.ef}; a search uses at least its candidate limit. */
  public int searchEf() {
    return searchEf;
  }

  /** {@code search.topk}: the candidate limit unless the cache builder sets one. */
  public int topK() {
    return topK;
  }

  /** {@code search.consistency_level}. */
  public Consistency consistency() {
    return consistency;
  }

  /** {@code development.auto_create_collection}. */
  public boolean autoCreateCollection() {
    return autoCreateCollection;
  }

  /** {@code development.verbose_errors}: stack traces in the backend's own warnings. */
  public boolean verboseErrors() {
    return verboseErrors;
  }

  /** {@code data_management.expiry_sweep_interval}. */
  public Duration expirySweepInterval() {
    return expirySweepInterval;
  }

  /** {@code data_management.entry_count_refresh_interval}. */
  public Duration entryCountRefreshInterval() {
    return entryCountRefreshInterval;
  }

  @Override
  public String toString() {
    // Credentials are never printed.
    return "MilvusConfig[" + (tlsEnabled ? "https" : "http") + "://" + host + ":" + port
        + ", database=" + database + ", collection=" + collectionName + ", vector=" + vectorField
        + "(" + dimension + ", " + metric + "), HNSW(M=" + hnswM + ", efConstruction="
        + hnswEfConstruction + "), ef=" + searchEf + ", topk=" + topK + ", consistency="
        + consistency + ", auth=" + (!authEnabled ? "off" : token.isEmpty() ? "user " + username
        : "token") + ", requestTimeout=" + requestTimeout.toMillis() + "ms]";
  }

  /**
   * Builds a {@link MilvusConfig} in code. Each option may be set once (a second call throws
   * {@link IllegalStateException}); a null argument throws {@link NullPointerException}, an
   * invalid one {@link IllegalArgumentException} naming the option; checks that involve several
   * options run in {@link #build()}. Unset options keep the defaults of {@link MilvusConfig}.
   */
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String database = DEFAULT_DATABASE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private boolean authEnabled;
    private String username = "";
    private String password = "";
    private String token = "";
    private boolean tlsEnabled;
    private @Nullable Path caCertPath;
    private @Nullable Path clientCertPath;
    private @Nullable Path clientKeyPath;
    private @Nullable String serverName;
    private int retryMaxAttempts = DEFAULT_RETRY_MAX_ATTEMPTS;
    private Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;
    private Duration retryMaxBackoff = DEFAULT_RETRY_MAX_BACKOFF;
    private int breakerFailureThreshold = DEFAULT_BREAKER_FAILURE_THRESHOLD;
    private Duration breakerOpenDuration = DEFAULT_BREAKER_OPEN_DURATION;
    private String collectionName = DEFAULT_COLLECTION;
    private String description = DEFAULT_DESCRIPTION;
    private String vectorField = DEFAULT_VECTOR_FIELD;
    private int dimension = DEFAULT_DIMENSION;
    private Metric metric = Metric.IP;
    private int hnswM = DEFAULT_HNSW_M;
    private int hnswEfConstruction = DEFAULT_HNSW_EF_CONSTRUCTION;
    private int searchEf = DEFAULT_SEARCH_EF;
    private int topK = DEFAULT_TOPK;
    private Consistency consistency = Consistency.SESSION;
    private boolean autoCreateCollection = true;
    private boolean verboseErrors = true;
    private Duration expirySweepInterval = DEFAULT_EXPIRY_SWEEP_INTERVAL;
    private Duration entryCountRefreshInterval = DEFAULT_ENTRY_COUNT_REFRESH_INTERVAL;

    private Builder() {}

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }

    public Builder host(String host) {
      once("host");
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host: expected a host name or address, got \""
            + host + "\"");
      }
      this.host = host.trim();
      return this;
    }

    public Builder port(int port) {
      once("port");
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port: expected 1..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    public Builder database(String database) {
      once("database");
      this.database = requireName("database", database);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      once("connectTimeout");
      this.connectTimeout = requirePositive("connectTimeout", timeout);
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      once("requestTimeout");
      this.requestTimeout = requirePositive("requestTimeout", timeout);
      return this;
    }

    /** Authenticates with a username and password (Milvus sends them as a token). */
    public Builder credentials(String username, String password) {
      once("credentials");
      if (set.contains("token")) {
        throw new IllegalStateException("credentials: a token was already set; use one or the"
            + " other");
      }
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (username.isEmpty()) {
        throw new IllegalArgumentException("username: expected a non-empty username");
      }
      if (password.isEmpty()) {
        throw new IllegalArgumentException("password: expected a non-empty password");
      }
      this.authEnabled = true;
      this.username = username;
      this.password = password;
      return this;
    }

    /** Authenticates with a token ({@code user:password} or an API key). */
    public Builder token(String token) {
      once("token");
      if (set.contains("credentials")) {
        throw new IllegalStateException("token: credentials were already set; use one or the"
            + " other");
      }
      Objects.requireNonNull(token, "token");
      if (token.isEmpty()) {
        throw new IllegalArgumentException("token: expected a non-empty token");
      }
      this.authEnabled = true;
      this.token = token;
      return this;
    }

    /** Uses TLS, trusting the JVM's default certificate authorities unless a CA is given. */
    public Builder tls() {
      once("tls");
      this.tlsEnabled = true;
      return this;
    }

    /** The CA certificate (PEM) the server's certificate is verified against; implies TLS. */
    public Builder caCertPath(Path path) {
      once("caCertPath");
      this.caCertPath = Objects.requireNonNull(path, "path");
      this.tlsEnabled = true;
      return this;
    }

    /** The client certificate and key (PEM, PKCS#8 key) for mutual TLS; implies TLS. */
    public Builder clientCertificate(Path certPath, Path keyPath) {
      once("clientCertificate");
      this.clientCertPath = Objects.requireNonNull(certPath, "certPath");
      this.clientKeyPath = Objects.requireNonNull(keyPath, "keyPath");
      this.tlsEnabled = true;
      return this;
    }

    /** The name the server's certificate is verified against, when not the host; implies TLS. */
    public Builder serverName(String serverName) {
      once("serverName");
      Objects.requireNonNull(serverName, "serverName");
      if (serverName.isBlank()) {
        throw new IllegalArgumentException("serverName: expected a host name, got \""
            + serverName + "\"");
      }
      this.serverName = serverName;
      this.tlsEnabled = true;
      return this;
    }

    /**
     * Retries of stores, deletes and start-up calls (never of lookups, which fail open at once).
     *
     * @param maxAttempts 1..10, 1 meaning no retry
     */
    public Builder retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
      once("retry");
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw new IllegalArgumentException("maxAttempts: expected 1..10, got " + maxAttempts);
      }
      requirePositive("initialBackoff", initialBackoff);
      requirePositive("maxBackoff", maxBackoff);
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff: expected at least initialBackoff "
            + initialBackoff + ", got " + maxBackoff);
      }
      this.retryMaxAttempts = maxAttempts;
      this.retryInitialBackoff = initialBackoff;
      this.retryMaxBackoff = maxBackoff;
      return this;
    }

    /** Opens the circuit after {@code failureThreshold} consecutive failures, for {@code open}. */
    public Builder circuitBreaker(int failureThreshold, Duration openDuration) {
      once("circuitBreaker");
      if (failureThreshold < 1 || failureThreshold > 10_000) {
        throw new IllegalArgumentException(
            "failureThreshold: expected 1..10000, got " + failureThreshold);
      }
      this.breakerFailureThreshold = failureThreshold;
      this.breakerOpenDuration = requirePositive("openDuration", openDuration);
      return this;
    }

    public Builder collectionName(String name) {
      once("collectionName");
      this.collectionName = requireName("collectionName", name);
      return this;
    }

    public Builder description(String description) {
      once("description");
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    public Builder vectorField(String name) {
      once("vectorField");
      requireName("vectorField", name);
      if (RESERVED_FIELD_NAMES.contains(name)) {
        throw new IllegalArgumentException("vectorField: " + reservedName(name));
      }
      this.vectorField = name;
      return this;
    }

    public Builder dimension(int dimension) {
      once("dimension");
      if (dimension < 1 || dimension > MAX_DIMENSION) {
        throw new IllegalArgumentException(
            "dimension: expected 1.." + MAX_DIMENSION + ", got " + dimension);
      }
      this.dimension = dimension;
      return this;
    }

    public Builder metric(Metric metric) {
      once("metric");
      this.metric = Objects.requireNonNull(metric, "metric");
      return this;
    }

    /** HNSW build parameters of a collection this backend creates. */
    public Builder hnsw(int m, int efConstruction) {
      once("hnsw");
      if (m < 2 || m > 2048) {
        throw new IllegalArgumentException("M: expected 2..2048, got " + m);
      }
      if (efConstruction < 1) {
        throw new IllegalArgumentException(
            "efConstruction: expected a positive integer, got " + efConstruction);
      }
      this.hnswM = m;
      this.hnswEfConstruction = efConstruction;
      return this;
    }

    public Builder searchEf(int ef) {
      once("searchEf");
      if (ef < 1) {
        throw new IllegalArgumentException("searchEf: expected a positive integer, got " + ef);
      }
      this.searchEf = ef;
      return this;
    }

    public Builder topK(int topK) {
      once("topK");
      if (topK < 1 || topK > 1024) {
        throw new IllegalArgumentException("topK: expected 1..1024, got " + topK);
      }
      this.topK = topK;
      return this;
    }

    public Builder consistency(Consistency consistency) {
      once("consistency");
      this.consistency = Objects.requireNonNull(consistency, "consistency");
      return this;
    }

    public Builder autoCreateCollection(boolean autoCreate) {
      once("autoCreateCollection");
      this.autoCreateCollection = autoCreate;
      return this;
    }

    public Builder verboseErrors(boolean verbose) {
      once("verboseErrors");
      this.verboseErrors = verbose;
      return this;
    }

    public Builder expirySweepInterval(Duration interval) {
      once("expirySweepInterval");
      this.expirySweepInterval = requirePositive("expirySweepInterval", interval);
      return this;
    }

    public Builder entryCountRefreshInterval(Duration interval) {
      once("entryCountRefreshInterval");
      this.entryCountRefreshInterval = requirePositive("entryCountRefreshInterval", interval);
      return this;
    }

    /**
     * @throws IllegalStateException if options conflict (client certificate without a CA)
     */
    public MilvusConfig build() {
      List<String> conflicts = new ArrayList<>();
      if (clientCertPath != null && caCertPath == null) {
        conflicts.add("caCertPath: required for mutual TLS (clientCertificate is set)");
      }
      if (!conflicts.isEmpty()) {
        throw new IllegalStateException(String.join("; ", conflicts));
      }
      return new MilvusConfig(this);
    }

    private static String requireName(String option, String name) {
      Objects.requireNonNull(name, option);
      if (!MILVUS_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(option + ": " + nameRule(name));
      }
      return name;
    }

    private static Duration requirePositive(String option, Duration duration) {
      Objects.requireNonNull(duration, option);
      if (duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException(
            option + ": expected a positive duration, got " + duration);
      }
      return duration;
    }
  }
}
