package io.semcache.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.Embedder;
import io.semcache.ExportOptions;
import io.semcache.ExportReport;
import io.semcache.ImportOptions;
import io.semcache.LookupResult;
import io.semcache.MatchKind;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import io.semcache.memory.MemorySemanticCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer command on the memory backend with the real embedder (all-MiniLM-L6-v2's bundled
 * ONNX export, the default of a router file without an embedding block).
 */
class TransferCacheTest {

  private static Embedder embedder;

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void loadModel() {
    embedder = BundledModel.embedder();
  }

  @AfterAll
  static void closeModel() {
    embedder.close();
  }

  private SemanticCache memoryCache() {
    return MemorySemanticCache.builder().embedder(embedder)
        .meterRegistry(new SimpleMeterRegistry()).build();
  }

  private Path memoryConfig() throws IOException {
    Path config = dir.resolve("router.yaml");
    Files.writeString(config, """
        semantic_cache:
          enabled: true
          backend_type: memory
        """);
    return config;
  }

  private int run(String... args) throws IOException {
    return TransferCache.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path pairsFile(int count) throws IOException {
    StringBuilder text = new StringBuilder("{\"format\":\"semcache-entries\",\"version\":1}\n");
    for (int i = 1; i <= count; i++) {
      text.append("{\"tenant\":\"acme\",\"model\":\"gpt-4o\",\"prompt\":\"How do I open account "
          + "number " + i + "?\",\"response\":\"Like this: " + i + "\"}\n");
    }
    Path file = dir.resolve("pairs.jsonl");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aCacheExportedToAFileImportsIntoAnotherReusingItsVectors() throws IOException {
    Partition acme = Partition.of("acme", "gpt-4o");
    Path file = dir.resolve("entries.jsonl");
    ExportReport exported;
    try (SemanticCache source = memoryCache()) {
      source.put(StoreRequest.builder(CacheKey.of(acme, "How do I reset my password?"),
          "Settings > Security").ttl(Duration.ofHours(3)).tags("help").build());
      source.put(CacheKey.of(acme, "What are your opening hours?"), "9 to 5");
      exported = TransferCache.exportFile(source, file, ExportOptions.withVectors());
    }
    assertThat(exported.exported()).isEqualTo(2);
    assertThat(exported.withVectors()).isEqualTo(2);
    assertThat(dir.resolve("entries.jsonl.partial")).doesNotExist();

    try (SemanticCache target = memoryCache()) {
      int status = TransferCache.importFile(target, file, ImportOptions.defaults(), false,
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

      assertThat(status).as(err.toString()).isZero();
      assertThat(out.toString()).contains("2 stored (0 embedded, 2 with their exported vector)");
      LookupResult paraphrase = target.lookup(CacheKey.of(acme, "How can I reset my password?"));
      assertThat(paraphrase.asHit().orElseThrow().match()).isEqualTo(MatchKind.SEMANTIC);
      assertThat(paraphrase.asHit().orElseThrow().response()).isEqualTo("Settings > Security");
      assertThat(TransferCache.checkpointOf(file)).doesNotExist();
    }
  }

  @Test
  void theCommandWarmsFromPairsAndResumesOnlyWhenToldTo() throws IOException {
    Path config = memoryConfig();
    Path file = pairsFile(5);

    assertThat(run("import", "--config", config.toString(), "--file", file.toString(),
        "--batch-size", "2", "--threads", "2")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("5 entries read, 5 stored (5 embedded");

    Files.writeString(TransferCache.checkpointOf(file), "position=3\n");
    assertThat(run("import", "--config", config.toString(), "--file", file.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("(3 entries handled): rerun with --resume");
    out.reset();
    assertThat(run("import", "--config", config.toString(), "--file", file.toString(),
        "--resume")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("2 entries read after resuming at 3, 2 stored");
    assertThat(TransferCache.checkpointOf(file)).doesNotExist();
  }

  @Test
  void vectorsOfAnotherModelAndBadLinesStopTheImportWithTheirReason() throws IOException {
    Path config = memoryConfig();
    Path foreign = dir.resolve("foreign.jsonl");
    Files.write(foreign, List.of("{\"format\":\"semcache-entries\",\"version\":1,"
        + "\"model_id\":\"other/model\",\"dimension\":4,\"vectors\":\"base64-f32le\"}"));
    Path bad = dir.resolve("bad.jsonl");
    Files.write(bad, List.of("{\"format\":\"semcache-entries\",\"version\":1}",
        "{\"tenant\":\"acme\",\"model\":\"gpt-4o\",\"prompt\":\"q\",\"response\":\"r\"}",
        "{\"tenant\":\"acme\",\"model\":\"gpt-4o\",\"prompt\":\"q2\"}"));

    assertThat(run("import", "--config", config.toString(), "--file", foreign.toString()))
        .isEqualTo(1);
    assertThat(run("import", "--config", config.toString(), "--file", bad.toString(),
        "--batch-size", "1", "--threads", "1")).isEqualTo(1);
    assertThat(run("import", "--config", config.toString())).isEqualTo(2);

    assertThat(err.toString())
        .contains("holds vectors of model 'other/model' with dimension 4, this cache embeds with '"
            + embedder.modelId() + "' with dimension 384: nothing imported. Rerun with --re-embed")
        .contains("bad.jsonl:3: response: expected a string, found no such field")
        .contains("--file: required");
  }
}
