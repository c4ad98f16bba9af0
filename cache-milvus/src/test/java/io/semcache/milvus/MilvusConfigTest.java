package io.semcache.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semcache.config.ConfigException;
import io.semcache.config.ConfigProblem;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.config.YamlConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MilvusConfigTest {

  /** A router's existing Milvus client file, exactly as it is deployed today. */
  static final String ROUTER_FILE = """
      connection:
        host: localhost
        port: 19530
        timeout: 30            # seconds: connect timeout
        auth: {enabled: false, username: "", password: ""}
        tls: {enabled: false}
      collection:
        name: semantic_cache
        description: "..."
        vector_field: {name: embedding, dimension: 384, metric_type: IP}
        index: {type: HNSW, params: {M: 16, efConstruction: 64}}
      search:
        params: {ef: 64}
        topk: 10
        consistency_level: Session
      development:
        auto_create_collection: true
        verbose_errors: true
      """;

  @TempDir Path dir;

  @Test
  void theRoutersFileLoadsUnchangedAndEqualsTheDefaults() throws IOException {
    Path file = Files.writeString(dir.resolve("milvus.yaml"), ROUTER_FILE);

    MilvusConfig loaded = MilvusConfig.load(file);
    MilvusConfig defaults = MilvusConfig.defaults();

    assertThat(loaded.collection().description()).isEqualTo("...");
    for (MilvusConfig config : new MilvusConfig[] {loaded, defaults}) {
      assertThat(config.connection().host()).isEqualTo("localhost");
      assertThat(config.connection().port()).isEqualTo(19530);
      assertThat(config.connection().database()).isEqualTo("default");
      assertThat(config.connection().connectTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(config.connection().requestTimeout()).isEqualTo(Duration.ofSeconds(1));
      assertThat(config.connection().auth()).isEqualTo(MilvusConfig.Auth.NONE);
      assertThat(config.connection().tls().enabled()).isFalse();
      assertThat(config.collection().name()).isEqualTo("semantic_cache");
      assertThat(config.collection().vectorField().name()).isEqualTo("embedding");
      assertThat(config.collection().vectorField().dimension()).isEqualTo(384);
      assertThat(config.collection().vectorField().metric()).isEqualTo(MilvusConfig.Metric.IP);
      assertThat(config.collection().index().m()).isEqualTo(16);
      assertThat(config.collection().index().efConstruction()).isEqualTo(64);
      assertThat(config.search().ef()).isEqualTo(64);
      assertThat(config.search().topK()).isEqualTo(10);
      assertThat(config.search().consistency()).isEqualTo(MilvusConfig.Consistency.SESSION);
      assertThat(config.development().autoCreateCollection()).isTrue();
      assertThat(config.development().verboseErrors()).isTrue();
      assertThat(config.connection().retry().maxAttempts()).isEqualTo(3);
      assertThat(config.connection().circuitBreaker().failureThreshold()).isEqualTo(5);
      assertThat(config.connection().circuitBreaker().openDuration()).isEqualTo(Duration.ofSeconds(2));
      assertThat(config.dataManagement().expirySweepInterval()).isEqualTo(Duration.ofSeconds(60));
    }
  }

  @Test
  void everyExtensionIsReadWithItsUnit() throws IOException {
    Files.writeString(dir.resolve("ca.pem"), "ca");
    Files.writeString(dir.resolve("client.pem"), "cert");
    Files.writeString(dir.resolve("client.key"), "key");
    MilvusConfig config = parse("""
        connection:
          host: my-release-milvus.milvus.svc.cluster.local
          port: 19530
          database: analytics
          timeout: 10
          request_timeout: 250ms
          auth: {enabled: true, token: "root:Milvus"}
          tls: {enabled: true, ca_cert_path: ca.pem, client_cert_path: client.pem,
                client_key_path: client.key, server_name: milvus.internal}
          retry: {max_attempts: 5, initial_backoff: 50ms, max_backoff: 2s}
          circuit_breaker: {failure_threshold: 3, open_duration: 5s}
        collection:
          vector_field: {metric_type: cosine}
        search:
          consistency_level: strong
        data_management:
          expiry_sweep_interval: 5m
          entry_count_refresh_interval: 10s
        """, Map.of());

    assertThat(config.connection().host()).isEqualTo("my-release-milvus.milvus.svc.cluster.local");
    assertThat(config.connection().database()).isEqualTo("analytics");
    assertThat(config.connection().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.connection().requestTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.connection().auth()).isEqualTo(new MilvusConfig.Auth.Token("root:Milvus"));
    assertThat(config.connection().tls().caCertPath()).contains(dir.resolve("ca.pem"));
    assertThat(config.connection().tls().clientCertPath()).contains(dir.resolve("client.pem"));
    assertThat(config.connection().tls().clientKeyPath()).contains(dir.resolve("client.key"));
    assertThat(config.connection().tls().serverName()).contains("milvus.internal");
    assertThat(config.connection().retry().maxAttempts()).isEqualTo(5);
    assertThat(config.connection().retry().initialBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.connection().retry().maxBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.connection().circuitBreaker().failureThreshold()).isEqualTo(3);
    assertThat(config.connection().circuitBreaker().openDuration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.collection().vectorField().metric()).isEqualTo(MilvusConfig.Metric.COSINE);
    assertThat(config.search().consistency()).isEqualTo(MilvusConfig.Consistency.STRONG);
    assertThat(config.dataManagement().expirySweepInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.dataManagement().entryCountRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.toString()).doesNotContain("root:Milvus");
  }

  @Test
  void passwordComesFromTheEnvironmentAndIsNeverPrinted() {
    MilvusConfig config = parse("""
        connection:
          auth: {enabled: true, username: "${MILVUS_USERNAME}", password: "${MILVUS_PASSWORD}"}
        """, Map.of("MILVUS_USERNAME", "router", "MILVUS_PASSWORD", "s3cret"));

    assertThat(config.connection().auth())
        .isEqualTo(new MilvusConfig.Auth.Password("router", "s3cret"));
    assertThat(config.toString()).contains("router").doesNotContain("s3cret");
  }

  @Test
  void anUnsetPasswordVariableIsReportedWithItsPath() {
    assertThatThrownBy(() -> parse("""
        connection:
          auth: {enabled: true, username: router, password: "${MILVUS_PASSWORD}"}
        """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("connection.auth.password")
        .hasMessageContaining("MILVUS_PASSWORD");
  }

  @Test
  void threeMistakesAreReportedTogetherEachWithItsPath() {
    ConfigException e = catchConfigException("""
        connection:
          port: nineteen
        collection:
          index: {type: HNSW, params: {M: sixteen, efConstruction: 64}}
        search:
          consistency_level: Immediate
        """);

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
        "connection.port", "collection.index.params.M", "search.consistency_level");
    assertThat(e.getMessage())
        .contains("collection.index.params.M: expected an integer, got \"sixteen\"")
        .contains("expected one of Strong, Session, Bounded, Eventually, got \"Immediate\"");
  }

  @Test
  void unknownKeysAreRejectedNamingTheKnownOnes() {
    ConfigException e = catchConfigException("""
        connection:
          hots: milvus
        search:
          params: {ef: 64, nprobe: 16}
        caching: {}
        """);

    assertThat(e.problems()).extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder("connection.hots", "search.params.nprobe", "caching");
    assertThat(e.getMessage()).contains("connection.hots: unknown key; expected one of host");
  }

  @Test
  void onlyHnswWithIpOrCosineIsAccepted() {
    ConfigException e = catchConfigException("""
        collection:
          vector_field: {metric_type: L2}
          index: {type: IVF_FLAT, params: {M: 16}}
        """);

    assertThat(e.problems()).extracting(ConfigProblem::path)
        .containsExactly("collection.vector_field.metric_type", "collection.index.type");
    assertThat(e.getMessage()).contains("expected one of IP, COSINE, got \"L2\"")
        .contains("expected HNSW");
  }

  @Test
  void namesMustBeMilvusNamesAndTheVectorFieldMustNotTakeAFieldOfTheBackend() {
    ConfigException e = catchConfigException("""
        connection: {database: "my-db"}
        collection:
          name: "semantic cache"
          vector_field: {name: prompt}
        """);

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
        "connection.database", "collection.name", "collection.vector_field.name");
    assertThat(e.getMessage()).contains("one of the backend's own fields");
  }

  @Test
  void credentialsMustBeCompleteAndOnlyWhenEnabled() {
    assertThat(catchConfigException("connection: {auth: {enabled: true}}").problems())
        .extracting(ConfigProblem::path).containsExactly("connection.auth.username");
    assertThat(catchConfigException(
        "connection: {auth: {enabled: true, username: u, password: p, token: t}}").problems())
        .extracting(ConfigProblem::path).containsExactly("connection.auth.token");
    assertThat(catchConfigException("connection: {auth: {enabled: false, token: t}}").getMessage())
        .contains("connection.auth.token: set, but enabled is false");
  }

  @Test
  void tlsFilesMustExistAndComeAsACompleteSet() throws IOException {
    Files.writeString(dir.resolve("client.pem"), "cert");
    ConfigException e = catchConfigException("""
        connection:
          tls: {enabled: true, ca_cert_path: missing-ca.pem, client_cert_path: client.pem}
        """);

    assertThat(e.problems()).extracting(ConfigProblem::path)
        .containsExactly("connection.tls.ca_cert_path", "connection.tls.client_key_path");
    assertThat(e.getMessage()).contains(dir.resolve("missing-ca.pem").toString());
    assertThat(catchConfigException("connection: {tls: {enabled: false, server_name: x}}")
        .getMessage()).contains("connection.tls.server_name: set, but enabled is false");
  }

  @Test
  void retryAndBreakerSettingsAreBounded() {
    ConfigException e = catchConfigException("""
        connection:
          request_timeout: 0
          retry: {max_attempts: 0, initial_backoff: 2s, max_backoff: 1s}
          circuit_breaker: {failure_threshold: -1, open_duration: soon}
        """);

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
        "connection.request_timeout", "connection.retry.max_attempts",
        "connection.retry.max_backoff", "connection.circuit_breaker.failure_threshold",
        "connection.circuit_breaker.open_duration");
  }

  @Test
  void builderSetsEachOptionOnceAndNamesBadArguments() {
    MilvusConfig.Builder builder = MilvusConfig.builder().host("milvus");
    assertThatThrownBy(() -> builder.host("other"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("host");
    assertThatThrownBy(() -> MilvusConfig.builder().port(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> MilvusConfig.builder().collectionName("1st"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collectionName");
    assertThatThrownBy(() -> MilvusConfig.builder().requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> MilvusConfig.builder().vectorField("expires_at"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vectorField");
    assertThatThrownBy(() -> MilvusConfig.builder().token("t").credentials("u", "p"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("token");
    assertThatThrownBy(() -> MilvusConfig.builder()
        .clientCertificate(dir.resolve("c.pem"), dir.resolve("c.key")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("caCertPath");
    assertThat(MilvusConfig.builder().credentials("u", "secret").build().toString())
        .doesNotContain("secret");
  }

  @Test
  void outOfRangeValuesAreReportedAtTheirPathsByTheBuildersRules() {
    ConfigException e = catchConfigException("""
        connection: {port: 70000, host: " "}
        collection:
          vector_field: {dimension: 0}
          index: {params: {M: 1}}
        search: {params: {ef: 0}, topk: 2000}
        data_management: {expiry_sweep_interval: 0s}
        """);

    assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
        "connection.host: expected a host name or address, got \" \"",
        "connection.port: expected an integer in [1, 65535], got 70000",
        "collection.vector_field.dimension: expected an integer in [1, 32768], got 0",
        "collection.index.params.M: expected an integer in [2, 2048], got 1",
        "search.params.ef: expected a positive integer, got 0",
        "search.topk: expected an integer in [1, 1024], got 2000",
        "data_management.expiry_sweep_interval: expected a positive duration, got PT0S");
  }

  @Test
  void theRoutersBlockWithBackendMilvusNeedsTheMilvusFile() {
    YamlConfig document = YamlConfig.parse("semantic_cache: {backend_type: milvus}\n",
        "router.yaml", dir, Map.<String, String>of()::get);

    SemanticCacheConfig.read(document.root().sectionOrEmpty("semantic_cache"));

    assertThat(document.problems()).extracting(ConfigProblem::toString).containsExactly(
        "semantic_cache.backend_config_path: required when backend_type is milvus: the path of"
            + " the Milvus client configuration");
  }

  @Test
  void authAndTlsBecomeTheirRecords() throws IOException {
    Files.writeString(dir.resolve("ca.pem"), "ca");
    MilvusConfig config = parse("""
        connection:
          auth: {enabled: true, username: router, password: pw}
          tls: {enabled: true, ca_cert_path: ca.pem}
        """, Map.of());

    assertThat(config.connection().auth()).isEqualTo(new MilvusConfig.Auth.Password("router",
        "pw"));
    assertThat(config.connection().auth().toString()).doesNotContain("pw");
    assertThat(config.connection().tls().caCertPath()).contains(dir.resolve("ca.pem"));
    assertThat(MilvusConfig.builder().build().connection().tls())
        .isEqualTo(MilvusConfig.Tls.DISABLED);
  }

  private MilvusConfig parse(String yaml, Map<String, String> environment) {
    YamlConfig document = YamlConfig.parse(yaml, "milvus.yaml", dir, environment::get);
    MilvusConfig config = MilvusConfig.read(document.root());
    document.requireValid();
    return config;
  }

  private ConfigException catchConfigException(String yaml) {
    try {
      parse(yaml, Map.of());
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException for:\n" + yaml);
  }
}
