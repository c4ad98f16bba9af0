package io.semcache.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semcache.CacheKey;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.milvus.testing.MilvusEndpoint;
import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;
import io.semcache.testing.TestEmbedder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication and TLS against the real Milvus 2.3.5 standalone server with authorization
 * enabled and one-way TLS (a generated CA): right, wrong and missing credentials, plaintext
 * against the TLS server, and no credential in the logs at any level.
 */
@WithMilvus(MilvusFlavor.STANDALONE_SECURED)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MilvusSecurityStandaloneTest {

  private static final String USER = "semcache_test";
  private static final String PASSWORD = "S3cret-pa55word-never-logged";

  private final TestEmbedder embedder = new TestEmbedder();
  private final Partition acme = Partition.of("acme", "gpt-4o");
  private final List<SemanticCache> opened = new ArrayList<>();
  private MilvusEndpoint endpoint;

  @TempDir Path dir;

  @BeforeEach
  void useServer(MilvusEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @AfterEach
  void close() {
    opened.forEach(SemanticCache::close);
  }

  @Test
  void rightCredentialsOverTlsStoreAndHit() {
    SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(endpoint).build());
    CacheKey key = CacheKey.of(acme, "authenticated over TLS");
    assertThat(cache.put(key, "yes").isStored()).isTrue();
    assertThat(cache.lookup(key).asHit().orElseThrow().response()).isEqualTo("yes");
  }

  @Test
  void aWrongPasswordIsAnAuthenticationErrorAtBuildNamingTheSourceNotTheValue() {
    long started = System.nanoTime();
    assertThatThrownBy(() -> cache(MilvusTestConfigs.forEndpoint(endpoint.withToken(null))
            .credentials("root", "definitely-wrong-pw").build()))
        .isInstanceOf(MilvusAuthenticationException.class)
        .hasMessageContaining("connection.auth.username and connection.auth.password")
        .hasMessageContaining("UNAUTHENTICATED")
        .message().doesNotContain("definitely-wrong-pw");
    // Not retried like an outage: well within one connect timeout (30 s).
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void aWrongTokenAndMissingCredentialsAreAuthenticationErrorsToo() {
    assertThatThrownBy(() -> cache(MilvusTestConfigs.forEndpoint(endpoint.withToken(
            "root:not-the-password")).build()))
        .isInstanceOf(MilvusAuthenticationException.class)
        .hasMessageContaining("connection.auth.token")
        .message().doesNotContain("not-the-password");
    assertThatThrownBy(() -> cache(MilvusTestConfigs.forEndpoint(endpoint.withToken(null))
            .build()))
        .isInstanceOf(MilvusAuthenticationException.class)
        .hasMessageContaining("no credentials");
  }

  @Test
  void plaintextAgainstTheTlsServerIsReportedWithinSeconds() {
    long started = System.nanoTime();
    assertThatThrownBy(() -> cache(MilvusConfig.builder().host(endpoint.host())
            .port(endpoint.port()).token(MilvusStandaloneToken.ROOT)
            .collectionName(MilvusTestConfigs.uniqueCollection("plain")).build()))
        .isInstanceOf(MilvusTlsException.class)
        .hasMessageContaining("speaks TLS");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void noLoggerAtAnyLevelShowsTheCredentials() throws Exception {
    // A user of its own, so that the secret is one no other line could contain by chance.
    var admin = new io.milvus.v2.client.MilvusClientV2(
        endpoint.connectConfig(Duration.ofSeconds(10)).build());
    try {
      if (!admin.listUsers().contains(USER)) {
        admin.createUser(io.milvus.v2.service.rbac.request.CreateUserReq.builder()
            .userName(USER).password(PASSWORD).build());
      }
      admin.grantRole(io.milvus.v2.service.rbac.request.GrantRoleReq.builder()
          .userName(USER).roleName("admin").build());
    } finally {
      admin.close(1);
    }
    // Every logger at TRACE needs a JVM of its own (slf4j-simple reads its level once).
    Path log = dir.resolve("trace.log");
    Path logging = dir.resolve("logging.properties");
    Files.writeString(logging, "handlers=java.util.logging.ConsoleHandler\n.level=ALL\n"
        + "java.util.logging.ConsoleHandler.level=ALL\n");
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
        "-Djava.util.logging.config.file=" + logging,
        CredentialsInLogsProbe.class.getName(),
        endpoint.host(), Integer.toString(endpoint.port()), endpoint.tlsCa().toString(),
        USER, PASSWORD);
    Process probe = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertThat(probe.waitFor(120, TimeUnit.SECONDS)).as("probe finished").isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(probe.exitValue()).as("probe exit; output:\n%s", tail(output)).isZero();
    assertThat(output).contains("probe: hit=true").contains("DEBUG").contains("TRACE");
    String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    assertThat(output).doesNotContain(PASSWORD).doesNotContain(basic)
        .doesNotContain(basic.substring(0, basic.length() - 4));
    System.out.printf("credential leak check: %d log lines at TRACE/FINEST, none with the"
        + " password or its base64%n", output.lines().count());
  }

  private static String tail(String text) {
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }

  private SemanticCache cache(MilvusConfig config) {
    SemanticCache cache = MilvusSemanticCache.builder().config(config).embedder(embedder)
        .verifiers(List.of()).name("secure-" + opened.size()).build();
    opened.add(cache);
    return cache;
  }

  /** The standalone server's root token, without depending on the testing package's constant. */
  private static final class MilvusStandaloneToken {
    static final String ROOT = io.semcache.milvus.testing.MilvusStandaloneServer.ROOT_TOKEN;
  }
}
