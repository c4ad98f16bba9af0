package io.semcache.tools;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.Embedder;
import io.semcache.ExportOptions;
import io.semcache.ImportOptions;
import io.semcache.SemanticCache;
import io.semcache.config.ConfigSection;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.config.YamlConfig;
import io.semcache.core.SemanticCaches;
import io.semcache.memory.MemorySemanticCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measures the import rate (entries/s) of {@link TransferCache}'s import, in one run: a generated
 * file of prompt/response pairs imported with embedding, then the export of that cache (with
 * vectors) imported into a fresh one reusing the vectors; into memory, and into the cache of
 * {@code --config} (a Milvus router file, say) when given. The embedder is {@link
 * EvaluateCache#createEmbedder}'s ({@code --engine}, {@code --model-dir}; PyTorch with the
 * provisioned all-MiniLM-L6-v2 by default).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.semcache.tools.ImportRate --entries 3000 \
 *     [--threads 2] [--batch-size 32] [--config milvus-router.yaml]
 * </pre>
 */
public final class ImportRate {

  private static final String[] VERBS = {"reset", "change", "cancel", "renew", "upgrade",
      "export", "delete", "share", "recover", "update", "transfer", "close"};
  private static final String[] THINGS = {"password", "subscription", "account", "invoice",
      "order", "profile", "address", "card", "plan", "team", "backup", "license"};
  private static final String[] WHERE = {"on the mobile app", "from the website", "in Germany",
      "for my company", "without an email", "after the trial", "on a shared device",
      "before the renewal date"};

  private ImportRate() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("ai.djl.offline", "true");
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int entries = Integer.parseInt(options.getOrDefault("entries", "3000"));
    ImportOptions importOptions = ImportOptions.defaults()
        .batchSize(Integer.parseInt(options.getOrDefault("batch-size", "32")))
        .parallelism(Integer.parseInt(options.getOrDefault("threads",
            Integer.toString(Runtime.getRuntime().availableProcessors()))));
    Path dir = Files.createTempDirectory("semcache-import-rate");
    Path pairs = dir.resolve("pairs.jsonl");
    Path vectors = dir.resolve("vectors.jsonl");
    writePairs(pairs, entries);
    System.out.printf(Locale.ROOT, "%d generated pairs; batches of %d on %d threads; %d cores%n",
        entries, importOptions.batchSize(), importOptions.parallelism(),
        Runtime.getRuntime().availableProcessors());
    try (Embedder embedder = EvaluateCache.createEmbedder(options)) {
      System.out.println("embedder " + embedder.modelId());
      try (SemanticCache memory = memoryCache(embedder, entries)) {
        measure("memory, embedding      ", memory, pairs, importOptions);
        TransferCache.exportFile(memory, vectors, ExportOptions.withVectors());
      }
      try (SemanticCache memory = memoryCache(embedder, entries)) {
        measure("memory, vectors reused ", memory, vectors, importOptions);
      }
      if (options.containsKey("config")) {
        YamlConfig yaml = YamlConfig.load(Path.of(options.get("config")));
        ConfigSection block = yaml.root().sectionOrEmpty("semantic_cache");
        SemanticCacheConfig config = SemanticCacheConfig.read(block);
        yaml.requireValid();
        try (SemanticCache target = SemanticCaches.fromConfig(config, embedder,
            new SimpleMeterRegistry()).orElseThrow()) {
          String backend = target.inspect().backend();
          target.invalidateAll();
          measure(backend + ", vectors reused ", target, vectors, importOptions);
          target.invalidateAll();
          measure(backend + ", embedding      ", target, pairs, importOptions);
          target.invalidateAll();
        }
      }
    }
  }

  private static SemanticCache memoryCache(Embedder embedder, int entries) {
    return MemorySemanticCache.builder().embedder(embedder).maximumEntries(entries * 2L)
        .meterRegistry(new SimpleMeterRegistry()).build();
  }

  private static void measure(String label, SemanticCache cache, Path file, ImportOptions options)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int status = TransferCache.importFile(cache, file, options, false,
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    double seconds = (System.nanoTime() - start) / 1e9;
    String report = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    long stored = Long.parseLong(report.replaceAll(".* (\\d+) stored .*", "$1"));
    System.out.printf(Locale.ROOT, "%s %6d stored in %6.2f s: %8.0f entries/s%s%n", label,
        stored, seconds, stored / seconds, status == 0 ? "" : " (exit " + status + ")");
  }

  private static void writePairs(Path file, int count) throws IOException {
    Random random = new Random(42);
    StringBuilder text = new StringBuilder("{\"format\":\"semcache-entries\",\"version\":1}\n");
    for (int i = 0; i < count; i++) {
      String prompt = "How do I " + VERBS[random.nextInt(VERBS.length)] + " my "
          + THINGS[random.nextInt(THINGS.length)] + " " + WHERE[random.nextInt(WHERE.length)]
          + " (case " + i + ")?";
      text.append("{\"tenant\":\"tenant-").append(i % 7).append("\",\"model\":\"gpt-4o\",")
          .append("\"prompt\":\"").append(prompt).append("\",\"response\":\"")
          .append("Open Settings, choose the relevant section and follow the steps; reference ")
          .append(i).append(".\"}\n");
    }
    Files.writeString(file, text);
  }
}
