package io.semcache.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.config.ConfigProblem;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.config.YamlConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With both backends on the classpath (this module has them), each reads its own keys of the
 * router's block, and a key of the other is reported as the other's.
 */
class BackendKeysTest {

  @Test
  void aMemoryKeyWithTheMilvusBackendIsReportedAsTheMemoryBackends() {
    YamlConfig doc = YamlConfig.parse("""
        semantic_cache:
          backend_type: milvus
          max_entries: 100
        """, "router.yaml", Path.of("/etc/router"), Map.<String, String>of()::get);

    SemanticCacheConfig.read(doc.root().sectionOrEmpty("semantic_cache"));

    assertThat(doc.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
        "semantic_cache.backend_config_path: required when backend_type is milvus: the path of"
            + " the Milvus client configuration",
        "semantic_cache.max_entries: applies to backend_type memory only, but the backend is"
            + " milvus");
  }
}
