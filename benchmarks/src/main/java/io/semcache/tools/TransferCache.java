package io.semcache.tools;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.Embedder;
import io.semcache.ExportOptions;
import io.semcache.ExportReport;
import io.semcache.ImportOptions;
import io.semcache.ImportReport;
import io.semcache.IncompatibleEmbedderException;
import io.semcache.SemanticCache;
import io.semcache.config.ConfigException;
import io.semcache.config.ConfigSection;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.config.YamlConfig;
import io.semcache.core.SemanticCaches;
import io.semcache.embedding.DjlEmbedderConfig;
import io.semcache.embedding.DjlSentenceEmbedder;
import io.semcache.embedding.EmbeddingEngine;
import io.semcache.transfer.EntryFileException;
import io.semcache.transfer.EntryFileHeader;
import io.semcache.transfer.EntryFileReader;
import io.semcache.transfer.EntryFileWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command behind {@code scripts/cache-transfer.sh}: exports the cache a router configuration
 * describes to an entry file ({@link io.semcache.transfer.EntryFile}), or imports one into it, the
 * migration from the memory cache to Milvus among others (see the README, "Warming, exporting,
 * importing, migrating"). The embedder is the configuration's {@code semantic_cache.embedding}
 * block, as the router builds it, unless {@code --engine}, {@code --model-dir} or {@code
 * --bundled-model} says otherwise.
 *
 * <p>An import writes a checkpoint, {@code <file>.progress}, after each round of batches, and
 * deletes it when it completes; {@code --resume} continues after it. Exit status: 0 done, 1 the
 * import or export failed (the message says how far it got), 2 a usage or configuration error.
 */
public final class TransferCache {

  static final String USAGE = """
      usage: cache-transfer.sh export --config router.yaml --file entries.jsonl [--no-vectors]
                                      [--page-size 500]
             cache-transfer.sh import --config router.yaml --file entries.jsonl [--resume]
                                      [--re-embed] [--batch-size 32] [--threads <cores>]
        embedder (default: the config's semantic_cache.embedding block, else the bundled
        all-MiniLM-L6-v2 ONNX export): [--engine pytorch|onnxruntime] [--model-dir DIR]
        [--bundled-model ID]
      """;

  private static final Set<String> FLAGS = Set.of("resume", "re-embed", "no-vectors");
  private static final Set<String> OPTIONS = Set.of("config", "file", "page-size", "batch-size",
      "threads", "engine", "model-dir", "bundled-model");
  /** Seconds between two progress lines of an import. */
  private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

  private TransferCache() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("ai.djl.offline", "true");
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    String command;
    Map<String, String> options;
    try {
      if (args.length == 0 || !(args[0].equals("export") || args[0].equals("import"))) {
        throw new IllegalArgumentException("expected export or import first, got "
            + (args.length == 0 ? "nothing" : "'" + args[0] + "'"));
      }
      command = args[0];
      options = parse(List.of(args).subList(1, args.length));
      Tools.required(options, "config");
      Tools.required(options, "file");
    } catch (IllegalArgumentException e) {
      err.println("cache-transfer: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    Path file = Path.of(options.get("file"));
    if (command.equals("import") && !Files.isRegularFile(file)) {
      err.println("cache-transfer: --file: no such file " + file);
      return 2;
    }
    YamlConfig yaml;
    SemanticCacheConfig config;
    Optional<DjlEmbedderConfig> embedderConfig;
    try {
      yaml = YamlConfig.load(Path.of(options.get("config")));
      ConfigSection block = yaml.root().sectionOrEmpty("semantic_cache");
      config = SemanticCacheConfig.read(block);
      embedderConfig = block.section("embedding").flatMap(DjlEmbedderConfig::read);
      yaml.requireValid();
    } catch (ConfigException e) {
      err.println("cache-transfer: " + e.getMessage());
      return 2;
    }
    try (Embedder embedder = createEmbedder(options, embedderConfig);
        SemanticCache cache = SemanticCaches.fromConfig(config, embedder,
            new SimpleMeterRegistry()).orElse(null)) {
      if (cache == null) {
        err.println("cache-transfer: the configuration says semantic_cache.enabled: false");
        return 2;
      }
      if (cache.inspect().backend().equals("memory")) {
        err.println("cache-transfer: note: backend_type memory is this process's own cache: an "
            + (command.equals("export") ? "export finds it empty. Export the router's memory"
                + " cache through the API (cache.entries().exportTo) instead"
                : "import into it ends with this command. Import into the router's memory cache"
                    + " through the API (cache.entries().importFrom) instead"));
      }
      err.printf("cache-transfer: %s backend, embedder %s (%d dimensions)%n",
          cache.inspect().backend(), cache.inspect().embedderModelId(),
          cache.inspect().dimension());
      if (command.equals("export")) {
        ExportOptions exportOptions = options.containsKey("no-vectors")
            ? ExportOptions.withoutVectors() : ExportOptions.withVectors();
        if (options.containsKey("page-size")) {
          exportOptions = exportOptions.pageSize(positiveInt(options, "page-size"));
        }
        ExportReport report = exportFile(cache, file, exportOptions);
        out.printf(Locale.ROOT, "exported %d entries (%d with vectors) to %s in %.1f s%n",
            report.exported(), report.withVectors(), file, report.elapsed().toNanos() / 1e9);
        return 0;
      }
      ImportOptions importOptions = ImportOptions.defaults();
      if (options.containsKey("re-embed")) {
        importOptions = importOptions.reEmbedForeignVectors();
      }
      if (options.containsKey("batch-size")) {
        importOptions = importOptions.batchSize(positiveInt(options, "batch-size"));
      }
      if (options.containsKey("threads")) {
        importOptions = importOptions.parallelism(positiveInt(options, "threads"));
      }
      return importFile(cache, file, importOptions, options.containsKey("resume"), out, err);
    } catch (IllegalArgumentException e) {
      err.println("cache-transfer: " + e.getMessage());
      return e instanceof EntryFileException ? 1 : 2;
    } catch (RuntimeException e) {
      err.println("cache-transfer: " + command + " failed: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Exports {@code cache} to {@code file}: written as {@code <file>.partial}, renamed when
   * complete, so a failed export never leaves a file that looks whole.
   */
  static ExportReport exportFile(SemanticCache cache, Path file, ExportOptions options)
      throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    EntryFileHeader header = options.vectors()
        ? EntryFileHeader.withVectors(cache.inspect().embedderModelId(),
            cache.inspect().dimension(), Instant.now())
        : EntryFileHeader.withoutVectors(Instant.now());
    ExportReport report;
    try (EntryFileWriter writer = EntryFileWriter.create(partial, header)) {
      report = cache.entries().exportTo(writer, options);
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return report;
  }

  /** The checkpoint file of an import of {@code file}. */
  static Path checkpointOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".progress");
  }

  /**
   * Imports {@code file} into {@code cache}, checkpointing to {@code <file>.progress}.
   *
   * @return the exit status
   */
  static int importFile(SemanticCache cache, Path file, ImportOptions options, boolean resume,
      PrintStream out, PrintStream err) throws IOException {
    Path checkpoint = checkpointOf(file);
    long resumeAfter = 0;
    if (Files.exists(checkpoint)) {
      long position = readCheckpoint(checkpoint);
      if (!resume) {
        err.println("cache-transfer: " + checkpoint + " holds the checkpoint of an interrupted"
            + " import (" + position + " entries handled): rerun with --resume to continue"
            + " after it, or delete it to start over");
        return 2;
      }
      resumeAfter = position;
      err.println("cache-transfer: resuming after entry " + position);
    }
    try (EntryFileReader reader = EntryFileReader.open(file)) {
      EntryFileHeader header = reader.header();
      String modelId = cache.inspect().embedderModelId();
      int dimension = cache.inspect().dimension();
      if (header.hasVectors() && !options.reEmbed()
          && (!modelId.equals(header.modelId()) || dimension != header.dimension())) {
        err.println("cache-transfer: " + file + " holds vectors of model '" + header.modelId()
            + "' with dimension " + header.dimension() + ", this cache embeds with '" + modelId
            + "' with dimension " + dimension + ": nothing imported. Rerun with --re-embed to"
            + " embed the prompts again with '" + modelId + "'");
        return 1;
      }
      long skipped = resumeAfter;
      long[] lastPrint = {System.nanoTime()};
      long start = System.nanoTime();
      ImportReport report;
      try {
        report = cache.entries().importFrom(reader, options.resumeAfter(resumeAfter)
            .onProgress(progress -> {
              writeCheckpoint(checkpoint, progress.position());
              long now = System.nanoTime();
              if (now - lastPrint[0] >= PROGRESS_EVERY_NANOS) {
                lastPrint[0] = now;
                err.printf(Locale.ROOT, "  %d entries handled, %d stored (%.0f entries/s)%n",
                    progress.position(), progress.stored(),
                    (progress.position() - skipped) / ((now - start) / 1e9));
              }
            }));
      } catch (IncompatibleEmbedderException e) {
        err.println("cache-transfer: " + e.getMessage());
        return 1;
      } catch (EntryFileException e) {
        err.println("cache-transfer: " + e.getMessage() + (Files.exists(checkpoint)
            ? "; the entries before the checkpoint in " + checkpoint + " are stored" : ""));
        return 1;
      }
      out.printf(Locale.ROOT, "imported %s: %d entries read%s, %d stored (%d embedded, %d with"
              + " their exported vector), %d skipped as expired, %d refused, in %.1f s:"
              + " %.0f entries/s%n",
          file, report.read(), report.resumedAfter() > 0
              ? " after resuming at " + report.resumedAfter() : "",
          report.stored(), report.progress().embedded(),
          report.stored() - report.progress().embedded(), report.skippedExpired(),
          report.refused(), report.elapsed().toNanos() / 1e9, report.entriesPerSecond());
      for (String refusal : report.refusals()) {
        out.println("  refused " + refusal);
      }
      if (!report.completed()) {
        err.println("cache-transfer: the import stopped: " + report.failure().orElseThrow()
            + ". Rerun with --resume to continue after entry " + report.progress().position());
        return 1;
      }
    }
    Files.deleteIfExists(checkpoint);
    return 0;
  }

  private static long readCheckpoint(Path checkpoint) throws IOException {
    String text = Files.readString(checkpoint, StandardCharsets.UTF_8).strip();
    if (!text.startsWith("position=")) {
      throw new IllegalArgumentException(checkpoint + ": expected position=<entries handled>,"
          + " got '" + text + "'");
    }
    try {
      return Long.parseLong(text.substring("position=".length()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(checkpoint + ": expected position=<entries handled>,"
          + " got '" + text + "'");
    }
  }

  /** Written beside and renamed over, so a crash leaves the old checkpoint or the new one. */
  private static void writeCheckpoint(Path checkpoint, long position) {
    Path next = checkpoint.resolveSibling(checkpoint.getFileName() + ".next");
    try {
      Files.writeString(next, "position=" + position + "\n", StandardCharsets.UTF_8);
      Files.move(next, checkpoint, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing the checkpoint " + checkpoint, e);
    }
  }

  private static Embedder createEmbedder(Map<String, String> options,
      Optional<DjlEmbedderConfig> fromConfig) {
    if (options.containsKey("engine") || options.containsKey("model-dir")
        || options.containsKey("bundled-model")) {
      return EvaluateCache.createEmbedder(options);
    }
    return DjlSentenceEmbedder.create(fromConfig.orElseGet(() -> DjlEmbedderConfig.builder()
        .engine(EmbeddingEngine.ONNX_RUNTIME).bundledOnnxModel().build()));
  }

  static Map<String, String> parse(List<String> args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("expected an option, got '" + arg + "'");
      }
      String name = arg.substring(2);
      if (options.containsKey(name)) {
        throw new IllegalArgumentException(arg + ": given twice");
      }
      if (FLAGS.contains(name)) {
        options.put(name, "true");
      } else if (OPTIONS.contains(name)) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(arg + ": expected a value");
        }
        options.put(name, args.get(++i));
      } else {
        throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return options;
  }

  private static int positiveInt(Map<String, String> options, String name) {
    String value = options.get(name);
    try {
      int parsed = Integer.parseInt(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + ": expected a positive integer, got '"
        + value + "'");
  }
}
