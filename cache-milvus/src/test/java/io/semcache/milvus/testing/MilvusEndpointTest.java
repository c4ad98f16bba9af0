package io.semcache.milvus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvus.v2.client.ConnectConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MilvusEndpointTest {

  @Test
  void uriIsHttpHostAndPort() {
    assertThat(MilvusEndpoint.of("127.0.0.1", 19530).uri()).isEqualTo("http://127.0.0.1:19530");
  }

  @Test
  void connectConfigSetsBothDeadlinesAndTheToken() {
    ConnectConfig config =
        new MilvusEndpoint("milvus", 19530, "root:Milvus").connectConfig(Duration.ofMillis(1500)).build();

    assertThat(config.getConnectTimeoutMs()).isEqualTo(1500);
    assertThat(config.getRpcDeadlineMs()).isEqualTo(1500);
    assertThat(config.getToken()).isEqualTo("root:Milvus");
  }

  @Test
  void rejectsBadPortHostAndDeadlineNamingThem() {
    assertThatThrownBy(() -> MilvusEndpoint.of("h", 0)).hasMessageContaining("port");
    assertThatThrownBy(() -> MilvusEndpoint.of(" ", 1)).hasMessageContaining("host");
    assertThatThrownBy(() -> MilvusEndpoint.of("h", 1).connectConfig(Duration.ZERO))
        .hasMessageContaining("deadline");
  }

  @Test
  void toStringNeverShowsTheToken() {
    assertThat(new MilvusEndpoint("h", 1, "secret-token").toString()).doesNotContain("secret");
  }
}
