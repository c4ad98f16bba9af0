package io.semcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semcache.FailureMode;
import io.semcache.Partition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SemanticCacheConfigTest {

  @TempDir
  Path dir;

  private static SemanticCacheConfig read(String yaml) {
    YamlConfig doc = YamlConfig.parse(yaml, "router.yaml", Path.of("/etc/router"), Map.<String, String>of()::get);
    SemanticCacheConfig config = SemanticCacheConfig.read(doc.root().sectionOrEmpty("semantic_cache"));
    doc.requireValid();
    return config;
  }

  @Test
  void routerBlockSelectingMilvusLoadsWithOtherRouterKeysIgnored() throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, """
        bert_model:
          model_id: sentence-transformers/all-MiniLM-L12-v2
        semantic_cache:
          enabled: true
          backend_type: "milvus"
          backend_config_path: "semantic-cache/milvus.yaml"
          similarity_threshold: 0.8
          ttl_seconds: 600
          failure_mode: fail_closed
          partition_thresholds:
            - tenant: acme
              threshold: 0.95
        vllm_endpoints: []
        """);

    SemanticCacheConfig config = SemanticCacheConfig.load(file);

    assertThat(config.backendType()).isEqualTo("milvus");
    assertThat(config.backendConfigPath()).contains(dir.toAbsolutePath()
        .resolve("semantic-cache/milvus.yaml"));
    assertThat(config.similarityThreshold().value()).isEqualTo(0.8);
    assertThat(config.ttl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.failureMode()).isEqualTo(FailureMode.FAIL_CLOSED);
    assertThat(config.thresholdRules()).singleElement()
        .satisfies(rule -> assertThat(rule.matches(Partition.of("acme", "any"))).isTrue());
  }

  @Test
  void shadowModeIsReadFromTheBlock() {
    SemanticCacheConfig everywhere = read("""
        semantic_cache:
          shadow:
            thresholds: [0.8, 0.9]
        """);
    SemanticCacheConfig oneTenant = read("""
        semantic_cache:
          shadow:
            thresholds: [0.84]
            tenants: [globex]
        """);

    assertThat(everywhere.shadowMode().thresholds()).extracting(t -> t.value())
        .containsExactly(0.8, 0.9);
    assertThat(everywhere.shadowMode().covers(Partition.of("acme", "m"))).isTrue();
    assertThat(oneTenant.shadowMode().covers(Partition.of("globex", "m"))).isTrue();
    assertThat(oneTenant.shadowMode().covers(Partition.of("acme", "m"))).isFalse();
    assertThat(read("semantic_cache: {}\n").shadowMode().covers(Partition.of("acme", "m")))
        .isFalse();
  }

  @Test
  void uncacheableFinishReasonsAreReadAndCheckedForType() {
    assertThat(read("""
        semantic_cache:
          uncacheable_finish_reasons: [length]
        """).uncacheableFinishReasons()).contains(java.util.Set.of("length"));
    assertThat(read("semantic_cache: {}\n").uncacheableFinishReasons()).isEmpty();
    assertThatThrownBy(() -> read("""
        semantic_cache:
          uncacheable_finish_reasons: length
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("semantic_cache.uncacheable_finish_reasons");
  }

  @Test
  void crossEncoderQuantizationIsCheckedAgainstTheProvidersExports() {
    assertThat(read("""
        semantic_cache:
          verification:
            cross_encoder:
              quantization: none
        """).verification().crossEncoderQuantization()).isEqualTo("none");
    assertThat(read("semantic_cache: {}\n").verification().crossEncoderQuantization())
        .isEqualTo("none");
    // cache-api alone has no cross-encoder provider: only the default export is known.
    assertThatThrownBy(() -> read("""
        semantic_cache:
          verification:
            cross_encoder:
              quantization: int4
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("semantic_cache.verification.cross_encoder.quantization")
        .hasMessageContaining("expected one of [none]");
  }

  @Test
  void badShadowBlocksNameTheKey() {
    assertThatThrownBy(() -> read("""
        semantic_cache:
          shadow:
            tenants: [globex]
            sample: 3
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("semantic_cache.shadow.thresholds: required")
        .hasMessageContaining("semantic_cache.shadow.sample");
    assertThatThrownBy(() -> read("""
        semantic_cache:
          shadow:
            thresholds: [0.8, 1.5]
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("semantic_cache.shadow.thresholds");
  }

  @Test
  void absentBlockMeansTheMemoryDefaults() {
    SemanticCacheConfig config = read("other: 1\n");
    assertThat(config.enabled()).isTrue();
    assertThat(config.backendType()).isEqualTo("memory");
    assertThat(config.ttl()).isEqualTo(SemanticCacheConfig.DEFAULT_TTL);
    assertThat(config.backendOptions(Object.class)).isEmpty();
  }

  @Test
  void threeMistakesAreReportedTogetherWithTheirPaths() {
    assertThatThrownBy(() -> read("""
        semantic_cache:
          backend_type: redis
          similarity_threshold: 1.2
          ttl_seconds: forever
          eviction_policy: lru
        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "semantic_cache.backend_type: expected one of memory, milvus, got \"redis\"",
            "semantic_cache.similarity_threshold: expected a cosine similarity in [0, 1], got 1.2",
            "semantic_cache.ttl_seconds: expected an integer, got \"forever\"",
            "semantic_cache.eviction_policy: unknown key; expected one of enabled, backend_type,"
                + " backend_config_path, name, similarity_threshold, ttl_seconds, failure_mode,"
                + " candidate_limit, metrics_partition_label, verification,"
                + " shadow, uncacheable_finish_reasons, partition_thresholds, embedding"));
  }

  /** The backend modules read their own keys; see their tests (memory bounds, Milvus' file). */
  @Test
  void backendKeysAreUnknownToTheApiItself() {
    assertThatThrownBy(() -> read("""
        semantic_cache:
          max_entries: 100
          ttl_seconds: 0
        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
        .extracting(ConfigProblem::toString).containsExactly(
            "semantic_cache.ttl_seconds: expected a positive number of seconds, got 0",
            "semantic_cache.max_entries: unknown key; expected one of enabled, backend_type,"
                + " backend_config_path, name, similarity_threshold, ttl_seconds, failure_mode,"
                + " candidate_limit, metrics_partition_label, verification,"
                + " shadow, uncacheable_finish_reasons, partition_thresholds, embedding"));
  }

  @Test
  void unknownKeysAreRejectedButTheEmbeddingBlockIsLeftToItsModule() {
    assertThatThrownBy(() -> read("""
        semantic_cache:
          similarity_treshold: 0.9
          embedding:
            engine: pytorch
        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
        .singleElement().extracting(ConfigProblem::path)
        .isEqualTo("semantic_cache.similarity_treshold"));
  }

  @Test
  void thresholdRulesNeedAScopeAndAThreshold() {
    assertThatThrownBy(() -> read("""
        semantic_cache:
          partition_thresholds:
            - threshold: 0.9
            - tenant: acme
        """)).hasMessageContaining("semantic_cache.partition_thresholds[0].tenant: expected a"
        + " tenant, a model, or both")
        .hasMessageContaining("semantic_cache.partition_thresholds[1].threshold: required");
  }
}
