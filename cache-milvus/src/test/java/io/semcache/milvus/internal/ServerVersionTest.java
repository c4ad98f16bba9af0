package io.semcache.milvus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semcache.milvus.internal.ServerVersion.WritePath;
import org.junit.jupiter.api.Test;

class ServerVersionTest {

  @Test
  void milvus23UsesDeleteThenInsertBecauseItsUpsertMisfilesPartitionKeyRows() {
    assertThat(ServerVersion.check("v2.3.5-lite")).isEqualTo(WritePath.DELETE_THEN_INSERT);
    assertThat(ServerVersion.check("v2.3.3")).isEqualTo(WritePath.DELETE_THEN_INSERT);
    assertThat(ServerVersion.check("2.3.21")).isEqualTo(WritePath.DELETE_THEN_INSERT);
  }

  @Test
  void milvus24AndNewerUpsert() {
    assertThat(ServerVersion.check("v2.4.0")).isEqualTo(WritePath.UPSERT);
    assertThat(ServerVersion.check("v2.6.18")).isEqualTo(WritePath.UPSERT);
    assertThat(ServerVersion.check("3.0")).isEqualTo(WritePath.UPSERT);
  }

  @Test
  void anUnreadableVersionTakesTheWritePathThatIsCorrectEverywhere() {
    assertThat(ServerVersion.check("")).isEqualTo(WritePath.DELETE_THEN_INSERT);
    assertThat(ServerVersion.check("unknown")).isEqualTo(WritePath.DELETE_THEN_INSERT);
  }

  @Test
  void serversOlderThan23AreRefusedNamingTheVersion() {
    assertThatThrownBy(() -> ServerVersion.check("v2.2.16"))
        .isInstanceOf(ServerVersion.UnsupportedServerException.class)
        .hasMessageContaining("v2.2.16").hasMessageContaining("2.3 or newer");
  }
}
