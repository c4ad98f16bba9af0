package io.semcache.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.Embedder;
import io.semcache.ExportOptions;
import io.semcache.LookupResult;
import io.semcache.MatchKind;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.memory.MemorySemanticCache;
import io.semcache.milvus.MilvusConfig;
import io.semcache.milvus.MilvusSemanticCache;
import io.semcache.milvus.MilvusTestConfigs;
import io.semcache.milvus.testing.MilvusEndpoint;
import io.semcache.milvus.testing.WithMilvus;
import io.semcache.transfer.EntryFileHeader;
import io.semcache.transfer.EntryFileWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "migrating from the memory cache to Milvus": the router exports its memory cache
 * through the API, the command imports the file into Milvus, and the Milvus cache serves what the
 * memory cache held, vectors reused. Against milvus-lite; the standalone subclass runs it on 2.3.5.
 */
@WithMilvus
class MigrationToMilvusTest {

  @TempDir
  Path dir;

  @Test
  void theMemoryCacheExportedByTheRouterIsImportedIntoMilvusByTheCommand(MilvusEndpoint endpoint)
      throws Exception {
    Path exportFile = dir.resolve("cache-export.jsonl");
    Partition acme = Partition.of("acme", "gpt-4o");
    Instant storedAt;
    try (Embedder embedder = BundledModel.embedder();
        SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
            .meterRegistry(new SimpleMeterRegistry()).build()) {
      cache.put(CacheKey.of(acme, "How do I reset my password?"), "Settings > Security");
      cache.put(CacheKey.of(acme, "What are your opening hours?"), "9 to 5, Monday to Friday");
      storedAt = cache.lookup(CacheKey.of(acme, "How do I reset my password?")).asHit()
          .orElseThrow().createdAt();

      // --- README: at the router's shutdown, its memory cache to a file
      try (EntryFileWriter file = EntryFileWriter.create(exportFile, EntryFileHeader.withVectors(
          cache.inspect().embedderModelId(), cache.inspect().dimension(), Instant.now()))) {
        cache.entries().exportTo(file, ExportOptions.withVectors());
      }
      // ---
    }

    String collection = MilvusTestConfigs.uniqueCollection("migration");
    Files.writeString(dir.resolve("milvus.yaml"), """
        connection: {host: %s, port: %d}
        collection:
          name: %s
          vector_field: {name: embedding, dimension: 384, metric_type: IP}
        """.formatted(endpoint.host(), endpoint.port(), collection));
    Path router = dir.resolve("router.yaml");
    Files.writeString(router, """
        semantic_cache:
          enabled: true
          backend_type: milvus
          backend_config_path: milvus.yaml
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = TransferCache.run(new String[] {"import", "--config", router.toString(),
        "--file", exportFile.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("2 stored (0 embedded, 2 with their exported vector)");
    MilvusConfig config = MilvusTestConfigs.forEndpoint(endpoint, collection).build();
    try (Embedder embedder = BundledModel.embedder();
        SemanticCache milvus = MilvusSemanticCache.builder().config(config).embedder(embedder)
            .meterRegistry(new SimpleMeterRegistry()).build()) {
      LookupResult paraphrase = milvus.lookup(CacheKey.of(acme, "How can I reset my password?"));
      assertThat(paraphrase.asHit().orElseThrow().match()).isEqualTo(MatchKind.SEMANTIC);
      assertThat(paraphrase.asHit().orElseThrow().response()).isEqualTo("Settings > Security");
      assertThat(paraphrase.asHit().orElseThrow().createdAt()).isEqualTo(storedAt);
    }
  }
}
