package io.semcache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.config.ConfigProblem;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.config.YamlConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memory backend's keys of {@code semantic_cache}, read by its provider, not by the API. */
class MemoryCacheProviderConfigTest {

  private static YamlConfig yaml(String text) {
    return YamlConfig.parse(text, "router.yaml", Path.of("/etc/router"),
        Map.<String, String>of()::get);
  }

  private static SemanticCacheConfig read(YamlConfig doc) {
    return SemanticCacheConfig.read(doc.root().sectionOrEmpty("semantic_cache"));
  }

  @Test
  void theMemoryKeysAreReadByTheProviderAndHandedBackToIt() {
    YamlConfig doc = yaml("""
        semantic_cache:
          backend_type: memory
          max_entries: 100
          exact_search_limit: 0
        """);

    SemanticCacheConfig config = read(doc);

    doc.requireValid();
    assertThat(config.backendOptions(MemoryCacheProvider.MemoryOptions.class))
        .contains(new MemoryCacheProvider.MemoryOptions(100L, null, 0));
    assertThat(read(yaml("semantic_cache: {}\n"))
        .backendOptions(MemoryCacheProvider.MemoryOptions.class))
        .contains(MemoryCacheProvider.MemoryOptions.DEFAULTS);
  }

  @Test
  void theBuildersSettersCheckTheValuesAndEveryProblemIsReportedAtItsPath() {
    YamlConfig doc = yaml("""
        semantic_cache:
          max_entries: 0
          max_memory_bytes: lots
          exact_search_limit: -1
          similarity_threshold: 2
        """);

    read(doc);

    assertThat(doc.problems()).extracting(ConfigProblem::toString).containsExactly(
        "semantic_cache.similarity_threshold: expected a cosine similarity in [0, 1], got 2.0",
        "semantic_cache.max_entries: expected a positive integer, got 0",
        "semantic_cache.max_memory_bytes: expected an integer, got \"lots\"",
        "semantic_cache.exact_search_limit: expected 0 or more entries, got -1");
  }

  @Test
  void keysThatDoNotApplyToTheMemoryBackendAreReported() {
    YamlConfig doc = yaml("""
        semantic_cache:
          backend_config_path: milvus.yaml
          max_entries: 100
          max_memory_bytes: 1000
          eviction_policy: lru
        """);

    read(doc);

    List<String> problems = doc.problems().stream().map(ConfigProblem::toString).toList();
    assertThat(problems).containsExactly(
        "semantic_cache.max_memory_bytes: maximumEntries, maximumWeightBytes: expected at most one"
            + " bound, got both (100 entries, 1000 bytes)",
        "semantic_cache.backend_config_path: applies to backend_type milvus only; the memory"
            + " backend has no separate file",
        "semantic_cache.eviction_policy: not supported: the memory backend always evicts with"
            + " Caffeine's W-TinyLFU, which keeps more hits than LRU, LFU or FIFO; remove the key");
  }
}
