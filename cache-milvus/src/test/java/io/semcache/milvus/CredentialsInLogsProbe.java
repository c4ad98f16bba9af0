package io.semcache.milvus;

import io.semcache.CacheKey;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.testing.TestEmbedder;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a JVM of its own by {@link MilvusSecurityStandaloneTest} with every logger at TRACE: an
 * authenticated TLS session (build, store, lookup, close) whose output the test searches for the
 * password. Arguments: host, port, CA file, user, password.
 */
final class CredentialsInLogsProbe {

  private CredentialsInLogsProbe() {}

  public static void main(String[] args) {
    MilvusConfig config = MilvusConfig.builder().host(args[0]).port(Integer.parseInt(args[1]))
        .caCertPath(Path.of(args[2])).serverName("localhost").credentials(args[3], args[4])
        .collectionName(MilvusTestConfigs.uniqueCollection("trace")).build();
    try (SemanticCache cache = MilvusSemanticCache.builder().config(config)
        .embedder(new TestEmbedder()).verifiers(List.of()).build()) {
      CacheKey key = CacheKey.of(Partition.of("acme", "gpt-4o"), "logged at trace");
      cache.put(key, "answer");
      System.out.println("probe: hit=" + cache.lookup(key).isHit());
    }
    System.exit(0);
  }
}
