package io.semcache.milvus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.MilvusClientV2;
import org.junit.jupiter.api.Test;

/**
 * The real Milvus standalone server meets the test-server contract (it answers, keeps
 * acknowledged writes across kill -9 and restart, reloads its collections), and is the version
 * the README names. Skipped without the server, failed on CI.
 */
@WithMilvus(value = MilvusFlavor.STANDALONE, dedicated = true)
class MilvusStandaloneServerTest extends MilvusTestServerContract {

  @Test
  void isTheRealServerOfThePinnedVersion(MilvusTestServer server) throws InterruptedException {
    MilvusClientV2 client = connect(server);
    try {
      // The PyPI build reports itself as "v2.3.5-lite"; it is the Go server, see the class javadoc.
      assertThat(client.getServerVersion()).startsWith("v2.3.5");
    } finally {
      client.close(1);
    }
    long pid = ((MilvusStandaloneServer) server).pid();
    assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().command()))
        .hasValueSatisfying(command -> assertThat(command).endsWith("/bin/milvus"));
    System.out.printf("Milvus standalone started in %d ms%n",
        ((MilvusStandaloneServer) server).lastStartDuration().toMillis());
  }
}
