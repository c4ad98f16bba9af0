package io.semcache.milvus;

import io.semcache.config.ConfigException;
import io.semcache.config.ConfigSection;
import io.semcache.config.ConfigType;
import io.semcache.config.YamlConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How to reach Milvus and how the cache's collection looks: the Milvus client file of a router,
 * read with {@link #load(Path)}, or built in code with {@link #builder()}. Immutable; its records
 * mirror the file's sections. Every key, its default and its meaning are listed in the module's
 * README; the defaults equal this file:
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
 *
 * <p>Each rule is stated once, in the records' constructors (through the static checks they share
 * with the {@link Builder}'s setters); {@link #read} only feeds the builder.
 */
public record MilvusConfig(Connection connection, Collection collection, Search search,
    Development development, DataManagement dataManagement) {

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

  public MilvusConfig {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(development, "development");
    Objects.requireNonNull(dataManagement, "dataManagement");
  }

  /**
   * {@code connection}: where Milvus is and how calls to it behave.
   *
   * @param connectTimeout {@code timeout}: connect timeout, also the deadline of start-up calls
   * @param requestTimeout {@code request_timeout}: the deadline of each lookup, store and delete
   */
  public record Connection(String host, int port, String database, Duration connectTimeout,
      Duration requestTimeout, Auth auth, Tls tls, Retry retry, CircuitBreaker circuitBreaker) {
    public Connection {
      host = checkHost(host);
      checkPort(port);
      checkName("database", database);
      checkPositive("connectTimeout", connectTimeout);
      checkPositive("requestTimeout", requestTimeout);
      Objects.requireNonNull(auth, "auth");
      Objects.requireNonNull(tls, "tls");
      Objects.requireNonNull(retry, "retry");
      Objects.requireNonNull(circuitBreaker, "circuitBreaker");
    }

    static String checkHost(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host: expected a host name or address, got \""
            + host + "\"");
      }
      return host.trim();
    }

    static int checkPort(int port) {
      return checkRange("port", port, 1, 65_535);
    }
  }

  /** {@code connection.auth}: no credentials, a username and password, or a token. */
  public sealed interface Auth {
    /** No credentials ({@code enabled: false}). */
    Auth NONE = new None();

    /** No credentials. */
    record None() implements Auth {}

    /** A Milvus user; Milvus receives them as a {@code user:password} token. Never printed. */
    record Password(String username, String password) implements Auth {
      public Password {
        checkNonEmpty("username", username);
        checkNonEmpty("password", password);
      }

      @Override
      public String toString() {
        return "Password[username=" + username + "]";
      }
    }

    /** A token ({@code user:password} or an API key). Never printed. */
    record Token(String token) implements Auth {
      public Token {
        checkNonEmpty("token", token);
      }

      @Override
      public String toString() {
        return "Token[***]";
      }
    }
  }

  /**
   * {@code connection.tls}. Without a CA the JVM's default certificate authorities are trusted.
   *
   * @param caCertPath the CA certificate (PEM) the server's certificate is verified against
   * @param clientCertPath the client certificate (PEM) for mutual TLS, with its key and a CA
   * @param clientKeyPath the client certificate's PKCS#8 PEM key
   * @param serverName the name the server's certificate is verified against, when not the host
   */
  public record Tls(boolean enabled, Optional<Path> caCertPath, Optional<Path> clientCertPath,
      Optional<Path> clientKeyPath, Optional<String> serverName) {
    /** No TLS. */
    public static final Tls DISABLED = new Tls(false, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());

    public Tls {
      Objects.requireNonNull(caCertPath, "caCertPath");
      Objects.requireNonNull(clientCertPath, "clientCertPath");
      Objects.requireNonNull(clientKeyPath, "clientKeyPath");
      serverName.ifPresent(Tls::checkServerName);
      if (!enabled && (caCertPath.isPresent() || clientCertPath.isPresent()
          || clientKeyPath.isPresent() || serverName.isPresent())) {
        throw new IllegalArgumentException("tls: certificate settings given, but TLS is not"
            + " enabled");
      }
      if (clientCertPath.isPresent() != clientKeyPath.isPresent()) {
        throw new IllegalArgumentException((clientCertPath.isEmpty() ? "clientCertPath" :
            "clientKeyPath") + ": required for mutual TLS when "
            + (clientCertPath.isEmpty() ? "clientKeyPath" : "clientCertPath") + " is set");
      }
      if (clientCertPath.isPresent() && caCertPath.isEmpty()) {
        throw new IllegalArgumentException("caCertPath: required for mutual TLS (clientCertPath"
            + " is set): the CA that signed the server's certificate");
      }
    }

    static String checkServerName(String serverName) {
      Objects.requireNonNull(serverName, "serverName");
      if (serverName.isBlank()) {
        throw new IllegalArgumentException("serverName: expected a host name, got \""
            + serverName + "\"");
      }
      return serverName;
    }
  }

  /**
   * {@code connection.retry}: retries of stores, deletes and start-up calls (never of lookups,
   * which fail open at once).
   *
   * @param maxAttempts 1..10, 1 meaning no retry
   */
  public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public Retry {
      checkMaxAttempts(maxAttempts);
      checkPositive("initialBackoff", initialBackoff);
      checkPositive("maxBackoff", maxBackoff);
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff: expected at least initialBackoff ("
            + initialBackoff.toMillis() + " ms), got " + maxBackoff.toMillis() + " ms");
      }
    }

    static int checkMaxAttempts(int maxAttempts) {
      return checkRange("maxAttempts", maxAttempts, 1, 10);
    }
  }

  /** {@code connection.circuit_breaker}: opens after consecutive failures, probes after a while. */
  public record CircuitBreaker(int failureThreshold, Duration openDuration) {
    public CircuitBreaker {
      checkFailureThreshold(failureThreshold);
      checkPositive("openDuration", openDuration);
    }

    static int checkFailureThreshold(int failureThreshold) {
      return checkRange("failureThreshold", failureThreshold, 1, 10_000);
    }
  }

  /**
   * {@code collection}: the collection the cache uses or creates.
   *
   * @param description set when the collection is created
   */
  public record Collection(String name, String description, VectorField vectorField,
      Index index) {
    public Collection {
      checkName("collectionName", name);
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(vectorField, "vectorField");
      Objects.requireNonNull(index, "index");
    }
  }

  /**
   * {@code collection.vector_field}.
   *
   * @param dimension must equal the embedder's
   */
  public record VectorField(String name, int dimension, Metric metric) {
    public VectorField {
      checkVectorFieldName(name);
      checkDimension(dimension);
      Objects.requireNonNull(metric, "metric");
    }

    static String checkVectorFieldName(String name) {
      checkName("vectorField", name);
      if (RESERVED_FIELD_NAMES.contains(name)) {
        throw new IllegalArgumentException("vectorField: \"" + name + "\" is one of the backend's"
            + " own fields " + RESERVED_FIELD_NAMES.stream().sorted().toList()
            + "; choose another name for the vector field");
      }
      return name;
    }

    static int checkDimension(int dimension) {
      return checkRange("dimension", dimension, 1, MAX_DIMENSION);
    }
  }

  /**
   * {@code collection.index}: the HNSW parameters of an index this backend creates (HNSW is the
   * only index type it creates and checks).
   *
   * @param m {@code params.M}, the graph degree
   * @param efConstruction {@code params.efConstruction}, the build breadth
   */
  public record Index(int m, int efConstruction) {
    public Index {
      checkM(m);
      checkEfConstruction(efConstruction);
    }

    static int checkM(int m) {
      return checkRange("M", m, 2, 2048);
    }

    static int checkEfConstruction(int efConstruction) {
      return checkRange("efConstruction", efConstruction, 1, Integer.MAX_VALUE);
    }
  }

  /**
   * {@code search}.
   *
   * @param ef {@code params.ef}; a search uses at least its candidate limit
   * @param topK {@code topk}: the candidate limit unless the cache builder sets one
   */
  public record Search(int ef, int topK, Consistency consistency) {
    public Search {
      checkEf(ef);
      checkTopK(topK);
      Objects.requireNonNull(consistency, "consistency");
    }

    static int checkEf(int ef) {
      return checkRange("searchEf", ef, 1, Integer.MAX_VALUE);
    }

    static int checkTopK(int topK) {
      return checkRange("topK", topK, 1, 1024);
    }
  }

  /**
   * {@code development}.
   *
   * @param verboseErrors stack traces in the backend's own warnings
   */
  public record Development(boolean autoCreateCollection, boolean verboseErrors) {}

  /** {@code data_management}: the backend's background work. */
  public record DataManagement(Duration expirySweepInterval, Duration entryCountRefreshInterval) {
    public DataManagement {
      checkPositive("expirySweepInterval", expirySweepInterval);
      checkPositive("entryCountRefreshInterval", entryCountRefreshInterval);
    }
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

  private static final ConfigType<Metric> METRIC = ConfigType.oneOf(spellings(Metric.values()));
  private static final ConfigType<Consistency> CONSISTENCY =
      ConfigType.oneOf(spellings(Consistency.values()));

  /**
   * Reads a Milvus client document from its root section into a {@link Builder}, recording
   * problems in the document instead of throwing, so that {@link YamlConfig#requireValid()}
   * reports all of them at once. The returned value holds defaults where a value was invalid; use
   * it only if the document is valid.
   */
  public static MilvusConfig read(ConfigSection root) {
    int problemsBefore = root.problemCount();
    Builder b = new Builder();
    ConfigSection connection = root.sectionOrEmpty("connection");
    connection.bind("host", ConfigType.STRING, b::host);
    connection.bind("port", ConfigType.INT, b::port);
    connection.bind("database", ConfigType.STRING, b::database);
    connection.bind("timeout", ConfigType.DURATION, b::connectTimeout);
    connection.bind("request_timeout", ConfigType.DURATION, b::requestTimeout);
    readAuth(connection.sectionOrEmpty("auth"), b);
    readTls(connection.sectionOrEmpty("tls"), b);
    ConfigSection retry = connection.sectionOrEmpty("retry");
    retry.bind("max_attempts", ConfigType.INT, b::retryMaxAttempts);
    retry.bind("initial_backoff", ConfigType.DURATION, b::retryInitialBackoff);
    retry.bind("max_backoff", ConfigType.DURATION, b::retryMaxBackoff);
    retry.attempt("max_backoff", b::buildRetry);
    retry.rejectUnknownKeys();
    ConfigSection breaker = connection.sectionOrEmpty("circuit_breaker");
    breaker.bind("failure_threshold", ConfigType.INT, b::breakerFailureThreshold);
    breaker.bind("open_duration", ConfigType.DURATION, b::breakerOpenDuration);
    breaker.rejectUnknownKeys();
    connection.rejectUnknownKeys();

    ConfigSection collection = root.sectionOrEmpty("collection");
    collection.bind("name", ConfigType.STRING, b::collectionName);
    collection.bind("description", ConfigType.STRING, b::description);
    ConfigSection vector = collection.sectionOrEmpty("vector_field");
    vector.bind("name", ConfigType.STRING, b::vectorField);
    vector.bind("dimension", ConfigType.INT, b::dimension);
    vector.bind("metric_type", METRIC, b::metric);
    vector.rejectUnknownKeys();
    ConfigSection index = collection.sectionOrEmpty("index");
    index.bind("type", ConfigType.STRING, b::indexType);
    ConfigSection indexParams = index.sectionOrEmpty("params");
    indexParams.bind("M", ConfigType.INT, b::hnswM);
    indexParams.bind("efConstruction", ConfigType.INT, b::hnswEfConstruction);
    indexParams.rejectUnknownKeys();
    index.rejectUnknownKeys();
    collection.rejectUnknownKeys();

    ConfigSection search = root.sectionOrEmpty("search");
    ConfigSection searchParams = search.sectionOrEmpty("params");
    searchParams.bind("ef", ConfigType.INT, b::searchEf);
    searchParams.rejectUnknownKeys();
    search.bind("topk", ConfigType.INT, b::topK);
    search.bind("consistency_level", CONSISTENCY, b::consistency);
    search.rejectUnknownKeys();

    ConfigSection development = root.sectionOrEmpty("development");
    development.bind("auto_create_collection", ConfigType.BOOL, b::autoCreateCollection);
    development.bind("verbose_errors", ConfigType.BOOL, b::verboseErrors);
    development.rejectUnknownKeys();

    ConfigSection data = root.sectionOrEmpty("data_management");
    data.bind("expiry_sweep_interval", ConfigType.DURATION, b::expirySweepInterval);
    data.bind("entry_count_refresh_interval", ConfigType.DURATION,
        b::entryCountRefreshInterval);
    data.rejectUnknownKeys();

    root.rejectUnknownKeys();
    // A rule between options that failed has been reported at its key already.
    return root.problemCount() > problemsBefore ? defaults()
        : root.attempt(b::build).orElseGet(MilvusConfig::defaults);
  }

  /**
   * The file's {@code enabled} flag and three strings become one {@link Auth}; which key to blame
   * for a mismatch is the reader's part, the non-empty rules are the records'.
   */
  private static void readAuth(ConfigSection auth, Builder b) {
    int problemsBefore = auth.problemCount();
    boolean enabled = auth.get("enabled", ConfigType.BOOL).orElse(false);
    Map<String, String> given = new LinkedHashMap<>();
    for (String key : new String[] {"username", "password", "token"}) {
      given.put(key, auth.get(key, ConfigType.STRING).orElse(""));
    }
    String username = given.get("username");
    String password = given.get("password");
    String token = given.get("token");
    auth.rejectUnknownKeys();
    if (!enabled) {
      given.forEach((key, value) -> {
        if (!value.isEmpty()) {
          auth.problem(key, "set, but enabled is false, so it would not be sent; set enabled:"
              + " true or remove it");
        }
      });
    } else if (!token.isEmpty() && !username.isEmpty()) {
      auth.problem("token", "expected either a token or a username and password, got both");
    } else if (token.isEmpty() && username.isEmpty()) {
      auth.problem("username",
          "expected a username and password, or a token, when enabled is true; got neither");
    } else if (auth.problemCount() == problemsBefore && !token.isEmpty()) {
      auth.attempt("token", () -> b.token(token));
    } else if (auth.problemCount() == problemsBefore) {
      auth.attempt(password.isEmpty() ? "password" : "username",
          () -> b.credentials(username, password));
    }
  }

  private static void readTls(ConfigSection tls, Builder b) {
    boolean enabled = tls.get("enabled", ConfigType.BOOL).orElse(false);
    if (enabled) {
      b.tls();
    }
    for (String key : new String[] {"ca_cert_path", "client_cert_path", "client_key_path"}) {
      tls.get(key, ConfigType.PATH).ifPresent(path -> {
        if (!enabled) {
          tls.problem(key, "set, but enabled is false; set enabled: true or remove it");
        } else if (!Files.isReadable(path)) {
          tls.problem(key, "expected a readable PEM file, but " + path
              + " does not exist or cannot be read");
        } else {
          tls.attempt(key, () -> switch (key) {
            case "ca_cert_path" -> b.caCertPath(path);
            case "client_cert_path" -> b.clientCertPath(path);
            default -> b.clientKeyPath(path);
          });
        }
      });
    }
    tls.get("server_name", ConfigType.STRING).filter(s -> !s.isBlank()).ifPresent(name -> {
      if (!enabled) {
        tls.problem("server_name", "set, but enabled is false; set enabled: true or remove it");
      } else {
        tls.attempt("server_name", () -> b.serverName(name));
      }
    });
    tls.rejectUnknownKeys();
    if (enabled) {
      tls.attempt(b.clientCertPath == null ? "client_cert_path" : b.clientKeyPath == null
          ? "client_key_path" : "ca_cert_path", b::buildTls);
    }
  }

  private static <E extends Enum<E>> Map<String, E> spellings(E[] constants) {
    Map<String, E> spellings = new LinkedHashMap<>();
    for (E constant : constants) {
      String name = constant.name();
      // Milvus' documentation spells metrics in capitals and consistency levels capitalised.
      spellings.put(constant instanceof Metric ? name
          : name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT), constant);
    }
    return spellings;
  }

  @Override
  public String toString() {
    // Credentials are never printed.
    Connection c = connection;
    return "MilvusConfig[" + (c.tls().enabled() ? "https" : "http") + "://" + c.host() + ":"
        + c.port() + ", database=" + c.database() + ", collection=" + collection.name()
        + ", vector=" + collection.vectorField().name() + "(" + collection.vectorField()
        .dimension() + ", " + collection.vectorField().metric() + "), HNSW(M="
        + collection.index().m() + ", efConstruction=" + collection.index().efConstruction()
        + "), ef=" + search.ef() + ", topk=" + search.topK() + ", consistency="
        + search.consistency() + ", auth=" + (c.auth() instanceof Auth.Password p
        ? "user " + p.username() : c.auth() instanceof Auth.Token ? "token" : "off")
        + ", requestTimeout=" + c.requestTimeout().toMillis() + "ms]";
  }

  static int checkRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(option + ": expected " + (max == Integer.MAX_VALUE
          ? "a positive integer" : "an integer in [" + min + ", " + max + "]") + ", got " + value);
    }
    return value;
  }

  static Duration checkPositive(String option, Duration duration) {
    Objects.requireNonNull(duration, option);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(option + ": expected a positive duration, got "
          + duration);
    }
    return duration;
  }

  static String checkName(String option, String name) {
    Objects.requireNonNull(name, option);
    if (!MILVUS_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(option + ": expected a Milvus name (a letter or"
          + " underscore, then letters, digits or underscores, at most 255 characters), got \""
          + name + "\"");
    }
    return name;
  }

  private static void checkNonEmpty(String option, String value) {
    Objects.requireNonNull(value, option);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(option + ": expected a non-empty " + option
          + (option.equals("password") ? " (is its environment variable set?)" : ""));
    }
  }

  /**
   * Builds a {@link MilvusConfig} in code, one option at a time. Each option may be set once (a
   * second call throws {@link IllegalStateException}); a null argument throws {@link
   * NullPointerException}, an invalid one {@link IllegalArgumentException} naming the option,
   * by the same check the records apply; checks that involve several options run in {@link
   * #build()}. Unset options keep the defaults of {@link MilvusConfig}.
   */
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String database = DEFAULT_DATABASE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Auth auth = Auth.NONE;
    private boolean tls;
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
      this.host = Connection.checkHost(host);
      return this;
    }

    public Builder port(int port) {
      once("port");
      this.port = Connection.checkPort(port);
      return this;
    }

    public Builder database(String database) {
      once("database");
      this.database = checkName("database", database);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      once("connectTimeout");
      this.connectTimeout = checkPositive("connectTimeout", timeout);
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      once("requestTimeout");
      this.requestTimeout = checkPositive("requestTimeout", timeout);
      return this;
    }

    /** How to authenticate; {@link Auth#NONE} unless set. */
    public Builder auth(Auth auth) {
      Objects.requireNonNull(auth, "auth");
      if (!set.add("auth")) {
        throw new IllegalStateException("auth: already set to " + (this.auth instanceof Auth.Token
            ? "a token" : "credentials") + "; use one or the other");
      }
      this.auth = auth;
      return this;
    }

    /** Authenticates with a username and password (Milvus sends them as a token). */
    public Builder credentials(String username, String password) {
      return auth(new Auth.Password(username, password));
    }

    /** Authenticates with a token ({@code user:password} or an API key). */
    public Builder token(String token) {
      return auth(new Auth.Token(token));
    }

    /** Uses TLS, trusting the JVM's default certificate authorities unless a CA is given. */
    public Builder tls() {
      once("tls");
      this.tls = true;
      return this;
    }

    /** The CA certificate (PEM) the server's certificate is verified against; implies TLS. */
    public Builder caCertPath(Path path) {
      once("caCertPath");
      this.caCertPath = Objects.requireNonNull(path, "path");
      this.tls = true;
      return this;
    }

    /** The client certificate (PEM) for mutual TLS, with {@link #clientKeyPath}; implies TLS. */
    public Builder clientCertPath(Path path) {
      once("clientCertPath");
      this.clientCertPath = Objects.requireNonNull(path, "path");
      this.tls = true;
      return this;
    }

    /** The client certificate's key (PKCS#8 PEM) for mutual TLS; implies TLS. */
    public Builder clientKeyPath(Path path) {
      once("clientKeyPath");
      this.clientKeyPath = Objects.requireNonNull(path, "path");
      this.tls = true;
      return this;
    }

    /** The client certificate and key (PEM, PKCS#8 key) for mutual TLS; implies TLS. */
    public Builder clientCertificate(Path certPath, Path keyPath) {
      return clientCertPath(certPath).clientKeyPath(keyPath);
    }

    /** The name the server's certificate is verified against, when not the host; implies TLS. */
    public Builder serverName(String serverName) {
      once("serverName");
      this.serverName = Tls.checkServerName(serverName);
      this.tls = true;
      return this;
    }

    /** Attempts of stores, deletes and start-up calls, 1..10, 1 meaning no retry. */
    public Builder retryMaxAttempts(int maxAttempts) {
      once("retryMaxAttempts");
      this.retryMaxAttempts = Retry.checkMaxAttempts(maxAttempts);
      return this;
    }

    public Builder retryInitialBackoff(Duration backoff) {
      once("retryInitialBackoff");
      this.retryInitialBackoff = checkPositive("initialBackoff", backoff);
      return this;
    }

    /** The largest pause between attempts; at least the initial backoff (checked at build). */
    public Builder retryMaxBackoff(Duration backoff) {
      once("retryMaxBackoff");
      this.retryMaxBackoff = checkPositive("maxBackoff", backoff);
      return this;
    }

    /** The three retry options at once (see {@link Retry}). */
    public Builder retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
      return retryMaxAttempts(maxAttempts).retryInitialBackoff(initialBackoff)
          .retryMaxBackoff(maxBackoff);
    }

    public Builder breakerFailureThreshold(int failureThreshold) {
      once("breakerFailureThreshold");
      this.breakerFailureThreshold = CircuitBreaker.checkFailureThreshold(failureThreshold);
      return this;
    }

    public Builder breakerOpenDuration(Duration openDuration) {
      once("breakerOpenDuration");
      this.breakerOpenDuration = checkPositive("openDuration", openDuration);
      return this;
    }

    /** Opens the circuit after {@code failureThreshold} consecutive failures, for {@code open}. */
    public Builder circuitBreaker(int failureThreshold, Duration openDuration) {
      return breakerFailureThreshold(failureThreshold).breakerOpenDuration(openDuration);
    }

    public Builder collectionName(String name) {
      once("collectionName");
      this.collectionName = checkName("collectionName", name);
      return this;
    }

    public Builder description(String description) {
      once("description");
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    public Builder vectorField(String name) {
      once("vectorField");
      this.vectorField = VectorField.checkVectorFieldName(name);
      return this;
    }

    public Builder dimension(int dimension) {
      once("dimension");
      this.dimension = VectorField.checkDimension(dimension);
      return this;
    }

    public Builder metric(Metric metric) {
      once("metric");
      this.metric = Objects.requireNonNull(metric, "metric");
      return this;
    }

    /**
     * The index type, accepted only to refuse another: HNSW is the only one this backend creates
     * and checks.
     */
    public Builder indexType(String type) {
      once("indexType");
      if (!Objects.requireNonNull(type, "type").trim().equalsIgnoreCase("HNSW")) {
        throw new IllegalArgumentException("indexType: expected HNSW (the only index type this"
            + " backend creates and checks), got \"" + type + "\"");
      }
      return this;
    }

    public Builder hnswM(int m) {
      once("hnswM");
      this.hnswM = Index.checkM(m);
      return this;
    }

    public Builder hnswEfConstruction(int efConstruction) {
      once("hnswEfConstruction");
      this.hnswEfConstruction = Index.checkEfConstruction(efConstruction);
      return this;
    }

    /** HNSW build parameters of a collection this backend creates. */
    public Builder hnsw(int m, int efConstruction) {
      return hnswM(m).hnswEfConstruction(efConstruction);
    }

    public Builder searchEf(int ef) {
      once("searchEf");
      this.searchEf = Search.checkEf(ef);
      return this;
    }

    public Builder topK(int topK) {
      once("topK");
      this.topK = Search.checkTopK(topK);
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
      this.expirySweepInterval = checkPositive("expirySweepInterval", interval);
      return this;
    }

    public Builder entryCountRefreshInterval(Duration interval) {
      once("entryCountRefreshInterval");
      this.entryCountRefreshInterval = checkPositive("entryCountRefreshInterval", interval);
      return this;
    }

    /**
     * @throws IllegalArgumentException if options conflict (a client certificate without its key
     *     or a CA, a maximum backoff below the initial one)
     */
    public MilvusConfig build() {
      try {
        return buildChecked();
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }

    private MilvusConfig buildChecked() {
      return new MilvusConfig(
          new Connection(host, port, database, connectTimeout, requestTimeout, auth, buildTls(),
              buildRetry(), new CircuitBreaker(breakerFailureThreshold, breakerOpenDuration)),
          new Collection(collectionName, description,
              new VectorField(vectorField, dimension, metric), new Index(hnswM, hnswEfConstruction)),
          new Search(searchEf, topK, consistency),
          new Development(autoCreateCollection, verboseErrors),
          new DataManagement(expirySweepInterval, entryCountRefreshInterval));
    }

    Tls buildTls() {
      return new Tls(tls, Optional.ofNullable(caCertPath), Optional.ofNullable(clientCertPath),
          Optional.ofNullable(clientKeyPath), Optional.ofNullable(serverName));
    }

    Retry buildRetry() {
      return new Retry(retryMaxAttempts, retryInitialBackoff, retryMaxBackoff);
    }
  }
}
