package io.semcache.milvus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The locate / skip-or-fail policy, with the executable pointed at a path that does not exist. */
class MilvusServersTest {

  @Test
  void systemPropertyChoosesTheExecutable() {
    withExecutableProperty(
        "/opt/custom/milvus-lite",
        () -> assertThat(MilvusLiteServer.expectedExecutable()).isEqualTo(Path.of("/opt/custom/milvus-lite")));
  }

  @Test
  void missingMilvusLiteSkipsLocallyAndFailsOnCi() {
    withExecutableProperty(
        "/nonexistent/semcache/milvus-lite",
        () -> {
          assertThat(MilvusLiteServer.locateExecutable()).isEmpty();
          if (MilvusServers.onCi()) {
            assertThatThrownBy(() -> MilvusServers.requireAvailable(MilvusFlavor.LITE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("scripts/install-milvus-lite.sh");
          } else {
            assertThatThrownBy(() -> MilvusServers.requireAvailable(MilvusFlavor.LITE))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("scripts/install-milvus-lite.sh");
          }
        });
  }

  private static void withExecutableProperty(String value, Runnable body) {
    String previous = System.getProperty(MilvusLiteServer.EXECUTABLE_PROPERTY);
    System.setProperty(MilvusLiteServer.EXECUTABLE_PROPERTY, value);
    try {
      body.run();
    } finally {
      if (previous == null) {
        System.clearProperty(MilvusLiteServer.EXECUTABLE_PROPERTY);
      } else {
        System.setProperty(MilvusLiteServer.EXECUTABLE_PROPERTY, previous);
      }
    }
  }
}
