package io.semcache.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.config.ConfigSection;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.config.YamlConfig;
import io.semcache.core.SemanticCaches;
import io.semcache.embedding.DjlEmbedderConfig;
import io.semcache.embedding.DjlSentenceEmbedder;
import io.semcache.embedding.EmbeddingEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root README's router snippet, on a router file with no {@code embedding} block. */
class RouterConfigSnippetTest {

  @Test
  void theReadmeRouterSnippetWorksWithoutAnEmbeddingBlock(@TempDir Path dir) throws Exception {
    System.setProperty("ai.djl.offline", "true");
    Path file = dir.resolve("config/config.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        semantic_cache:
          enabled: true
          backend_type: memory
          similarity_threshold: 0.84
        """);
    MeterRegistry meterRegistry = new SimpleMeterRegistry();

    // --- the README's snippet, as printed there (the path aside)
    YamlConfig yaml = YamlConfig.load(file);
    ConfigSection block = yaml.root().sectionOrEmpty("semantic_cache");
    SemanticCacheConfig config = SemanticCacheConfig.read(block);
    Optional<DjlEmbedderConfig> embedderConfig =    // empty when the file has no embedding block
        block.section("embedding").flatMap(DjlEmbedderConfig::read);
    yaml.requireValid();
    DjlEmbedderConfig embedding = embedderConfig.orElseGet(() -> DjlEmbedderConfig.builder()
        .engine(EmbeddingEngine.ONNX_RUNTIME).bundledOnnxModel().build());
    Optional<SemanticCache> cache = SemanticCaches.fromConfig(config,
        DjlSentenceEmbedder.create(embedding), meterRegistry);
    // ---

    try (SemanticCache semantic = cache.orElseThrow()) {
      Partition acme = Partition.of("acme", "gpt-4o");
      semantic.put(CacheKey.of(acme, "How do I reset my password?"), "Settings > Security");
      assertThat(semantic.lookup(CacheKey.of(acme, "How can I reset my password?")).isHit())
          .isTrue();
    }
  }
}
