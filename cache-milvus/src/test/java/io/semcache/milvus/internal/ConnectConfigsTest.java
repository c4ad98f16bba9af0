package io.semcache.milvus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.semcache.milvus.MilvusConfig;
import io.semcache.milvus.internal.ConnectConfigs.Purpose;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every connection setting reaches the SDK's ConnectConfig. */
class ConnectConfigsTest {

  private final Path ca = Path.of("/etc/milvus/ca.pem");
  private final Path cert = Path.of("/etc/milvus/client.pem");
  private final Path key = Path.of("/etc/milvus/client.key");

  @Test
  void defaultsGivePlaintextToLocalhostWithBothDeadlines() {
    ConnectConfig sdk = ConnectConfigs.of(MilvusConfig.defaults(), Purpose.DATA);

    assertThat(sdk.getUri()).isEqualTo("http://localhost:19530");
    assertThat(sdk.getHost()).isEqualTo("localhost");
    assertThat(sdk.getPort()).isEqualTo(19530);
    assertThat(sdk.isSecure()).isFalse();
    assertThat(sdk.getConnectTimeoutMs()).isEqualTo(30_000);
    assertThat(sdk.getRpcDeadlineMs()).isEqualTo(1_000);
    assertThat(sdk.getDbName()).isNull();
    assertThat(sdk.getAuthorization()).isNull();
  }

  @Test
  void eachPurposeGetsItsDeadlines() {
    MilvusConfig config = MilvusConfig.builder().connectTimeout(Duration.ofSeconds(20))
        .requestTimeout(Duration.ofMillis(300)).build();

    ConnectConfig data = ConnectConfigs.of(config, Purpose.DATA);
    ConnectConfig setup = ConnectConfigs.of(config, Purpose.SETUP);
    ConnectConfig probe = ConnectConfigs.of(config, Purpose.PROBE);

    assertThat(data.getConnectTimeoutMs()).isEqualTo(20_000);
    assertThat(data.getRpcDeadlineMs()).isEqualTo(300);
    assertThat(setup.getConnectTimeoutMs()).isEqualTo(20_000);
    assertThat(setup.getRpcDeadlineMs()).isEqualTo(20_000);
    assertThat(probe.getConnectTimeoutMs()).isEqualTo(300);
    assertThat(probe.getRpcDeadlineMs()).isEqualTo(300);
  }

  @Test
  void usernameAndPasswordAndDatabaseReachTheClient() {
    MilvusConfig config = MilvusConfig.builder().host("milvus.milvus.svc.cluster.local")
        .port(19531).database("analytics").credentials("router", "s3cret").build();

    ConnectConfig sdk = ConnectConfigs.of(config, Purpose.DATA);

    assertThat(sdk.getUri()).isEqualTo("http://milvus.milvus.svc.cluster.local:19531");
    assertThat(sdk.getDbName()).isEqualTo("analytics");
    assertThat(sdk.getUsername()).isEqualTo("router");
    assertThat(sdk.getPassword()).isEqualTo("s3cret");
    assertThat(sdk.getToken()).isNull();
    assertThat(sdk.getAuthorization()).isEqualTo("router:s3cret");
  }

  @Test
  void tokenReachesTheClient() {
    ConnectConfig sdk = ConnectConfigs.of(MilvusConfig.builder().token("api-key-1").build(),
        Purpose.PROBE);

    assertThat(sdk.getToken()).isEqualTo("api-key-1");
    assertThat(sdk.getUsername()).isNull();
    assertThat(sdk.getAuthorization()).isEqualTo("api-key-1");
  }

  @Test
  void oneWayTlsTrustsTheConfiguredCa() {
    MilvusConfig config = MilvusConfig.builder().host("10.0.0.7").caCertPath(ca)
        .serverName("milvus.internal").build();

    ConnectConfig sdk = ConnectConfigs.of(config, Purpose.DATA);

    assertThat(sdk.getUri()).isEqualTo("https://10.0.0.7:19530");
    assertThat(sdk.isSecure()).isTrue();
    assertThat(sdk.getServerPemPath()).isEqualTo(ca.toString());
    assertThat(sdk.getServerName()).isEqualTo("milvus.internal");
    assertThat(sdk.getClientPemPath()).isNull();
    assertThat(sdk.getCaPemPath()).isNull();
  }

  @Test
  void mutualTlsSendsTheClientCertificate() {
    MilvusConfig config = MilvusConfig.builder().caCertPath(ca).clientCertificate(cert, key)
        .build();

    ConnectConfig sdk = ConnectConfigs.of(config, Purpose.SETUP);

    assertThat(sdk.getCaPemPath()).isEqualTo(ca.toString());
    assertThat(sdk.getClientPemPath()).isEqualTo(cert.toString());
    assertThat(sdk.getClientKeyPath()).isEqualTo(key.toString());
    assertThat(sdk.getServerPemPath()).isNull();
    assertThat(sdk.getSecure()).isTrue();
    assertThat(sdk.getServerName()).as("defaults to the host").isEqualTo("localhost");
  }

  @Test
  void tlsWithoutACaTrustsTheJvmDefaults() {
    ConnectConfig sdk = ConnectConfigs.of(MilvusConfig.builder().tls().build(), Purpose.DATA);

    assertThat(sdk.isSecure()).isTrue();
    assertThat(sdk.getServerPemPath()).isNull();
    assertThat(sdk.getCaPemPath()).isNull();
  }

  @Test
  void ipv6HostsAreBracketedInTheUri() {
    ConnectConfig sdk = ConnectConfigs.of(MilvusConfig.builder().host("::1").build(),
        Purpose.DATA);
    assertThat(sdk.getUri()).isEqualTo("http://[::1]:19530");
  }

  @Test
  void theSdksOwnRetriesAreOff() {
    assertThat(ConnectConfigs.sdkRetry().getMaxRetryTimes()).isEqualTo(1);
  }
}
