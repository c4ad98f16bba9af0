package io.semcache.milvus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The milvus-lite server meets the test-server contract; skipped without milvus-lite (not on CI). */
@WithMilvus(value = MilvusFlavor.LITE, dedicated = true)
class MilvusLiteServerTest extends MilvusTestServerContract {

  @Test
  void logsToItsFileAndRemovesItsDataOnClose() throws Exception {
    MilvusLiteServer server = MilvusLiteServer.start();
    Path dataDir = server.dataDir();
    Path log = server.logFile();
    assertThat(dataDir).isDirectory();

    server.close();

    assertThat(server.isRunning()).isFalse();
    assertThat(dataDir).doesNotExist();
    assertThat(Files.readString(log)).contains("listening on " + server.endpoint().host() + ":");
  }
}
