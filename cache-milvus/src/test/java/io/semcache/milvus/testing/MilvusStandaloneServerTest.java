package io.semcache.milvus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.MilvusClientV2;
import org.junit.jupiter.api.Test;

/**
 * The tooling starts the real Milvus standalone server of the pinned version, and tracks the Go
 * process itself (not only its Python wrapper), so that kill and stop reach it. Kill, stop and
 * restart with data kept are exercised against this server by {@code
 * MilvusResilienceStandaloneTest} (acknowledged writes survive both, collections come back
 * loaded); the generic {@link MilvusTestServerContract} is not repeated here because each of its
 * restarts costs 35-45 s of Milvus reloading. Skipped without the server, failed on CI.
 */
@WithMilvus(MilvusFlavor.STANDALONE)
class MilvusStandaloneServerTest {

  @Test
  void isTheRealServerOfThePinnedVersion(MilvusTestServer server)
      throws InterruptedException {
    MilvusClientV2 client = MilvusTestServerContract.connect(server);
    try {
      // The PyPI build reports itself as "v2.3.5-lite"; it is the Go server, see the class javadoc
      // of MilvusStandaloneServer.
      assertThat(client.getServerVersion()).startsWith("v2.3.5");
    } finally {
      client.close(1);
    }
    assertThat(server.isRunning()).isTrue();
    assertThat(server.description()).contains("Milvus standalone 2.3.5");
  }
}
