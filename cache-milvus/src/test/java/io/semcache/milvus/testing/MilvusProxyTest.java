package io.semcache.milvus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.exception.MilvusClientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The proxy forwards to the real server, and its faults and TLS behave as documented. */
@WithMilvus
class MilvusProxyTest {

  private static final Duration DEADLINE = Duration.ofSeconds(2);

  @Test
  void stalledProxyMakesCallsHitTheirDeadlineAndResumingHeals(MilvusEndpoint milvus)
      throws InterruptedException {
    try (MilvusProxy proxy = MilvusProxy.plain(milvus)) {
      MilvusClientV2 client = new MilvusClientV2(proxy.endpoint().connectConfig(DEADLINE).build());
      try {
        assertThat(client.hasCollection(MilvusTestServerContract.has("via_proxy"))).isFalse();

        proxy.stall();
        assertTimeoutPreemptively(
            DEADLINE.multipliedBy(10),
            () ->
                assertThatThrownBy(() -> client.hasCollection(MilvusTestServerContract.has("stalled")))
                    .isInstanceOf(MilvusClientException.class)
                    .hasMessageContaining("DEADLINE_EXCEEDED"));

        proxy.resume();
        assertThat(client.hasCollection(MilvusTestServerContract.has("resumed"))).isFalse();
      } finally {
        client.close(1);
      }
    }
  }

  @Test
  void clientReconnectsAfterDroppedConnections(MilvusEndpoint milvus) throws InterruptedException {
    try (MilvusProxy proxy = MilvusProxy.plain(milvus)) {
      MilvusClientV2 client = new MilvusClientV2(proxy.endpoint().connectConfig(DEADLINE).build());
      try {
        client.hasCollection(MilvusTestServerContract.has("before_drop"));
        proxy.dropConnections();
        // A dropped connection sends the channel to IDLE; the next call reconnects at once.
        assertThat(client.hasCollection(MilvusTestServerContract.has("after_drop"))).isFalse();
      } finally {
        client.close(1);
      }
    }
  }

  @Test
  void tlsProxyServesClientsThatTrustTheTestCa(MilvusEndpoint milvus) throws InterruptedException {
    TestCertificates certs = certificates();
    try (MilvusProxy proxy = MilvusProxy.tls(milvus, certs, false)) {
      MilvusClientV2 client =
          new MilvusClientV2(
              tlsConfig(proxy)
                  .serverPemPath(certs.caPem().toString())
                  .serverName(TestCertificates.SERVER_NAME)
                  .build());
      try {
        assertThat(client.hasCollection(MilvusTestServerContract.has("over_tls"))).isFalse();
      } finally {
        client.close(1);
      }
    }
  }

  @Test
  void tlsProxyRefusesPlaintextClients(MilvusEndpoint milvus) {
    try (MilvusProxy proxy = MilvusProxy.tls(milvus, certificates(), false)) {
      // The SDK's constructor lets the raw gRPC exception through (not a MilvusClientException).
      assertThatThrownBy(() -> new MilvusClientV2(proxy.endpoint().connectConfig(DEADLINE).build()))
          .isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void mutualTlsProxyServesOnlyClientsWithACertificate(MilvusEndpoint milvus)
      throws InterruptedException {
    TestCertificates certs = certificates();
    try (MilvusProxy proxy = MilvusProxy.tls(milvus, certs, true)) {
      MilvusClientV2 client =
          new MilvusClientV2(
              tlsConfig(proxy)
                  .caPemPath(certs.caPem().toString())
                  .clientPemPath(certs.clientCertPem().toString())
                  .clientKeyPath(certs.clientKeyPem().toString())
                  .serverName(TestCertificates.SERVER_NAME)
                  .build());
      try {
        assertThat(client.hasCollection(MilvusTestServerContract.has("over_mtls"))).isFalse();
      } finally {
        client.close(1);
      }

      assertThatThrownBy(
              () ->
                  new MilvusClientV2(
                      tlsConfig(proxy)
                          .serverPemPath(certs.caPem().toString())
                          .serverName(TestCertificates.SERVER_NAME)
                          .build()))
          .isInstanceOf(RuntimeException.class);
    }
  }

  private static ConnectConfig.ConnectConfigBuilder tlsConfig(MilvusProxy proxy) {
    MilvusEndpoint endpoint = proxy.endpoint();
    return ConnectConfig.builder()
        .uri("https://" + endpoint.host() + ":" + endpoint.port())
        .connectTimeoutMs(DEADLINE.toMillis())
        .rpcDeadlineMs(DEADLINE.toMillis());
  }

  private static TestCertificates certificates() {
    return TestCertificates.createIn(MilvusLiteServer.defaultWorkDir().resolve("tls"));
  }
}
