package io.semcache.milvus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvus.v2.client.MilvusClientV2;
import org.junit.jupiter.api.Test;

@WithMilvus
class SharedMilvusServerTest {

  @Test
  void sharedServerIsTheSameForEveryClassAndAnswers(MilvusTestServer server, MilvusEndpoint endpoint)
      throws InterruptedException {
    assertThat(MilvusServers.shared(MilvusFlavor.LITE).endpoint()).isEqualTo(endpoint);
    MilvusClientV2 client = MilvusTestServerContract.connect(server);
    try {
      assertThat(client.hasCollection(MilvusTestServerContract.has("shared_absent"))).isFalse();
    } finally {
      client.close(1);
    }
  }

  @Test
  void sharedServerRefusesLifeCycleChanges(MilvusTestServer server) {
    assertThatThrownBy(server::kill)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("dedicated = true");
    assertThatThrownBy(server::stop).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(server::restart).isInstanceOf(UnsupportedOperationException.class);
    assertThat(server.isRunning()).isTrue();
  }
}
