package io.semcache.tools;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.Embedder;
import io.semcache.SemanticCache;
import io.semcache.core.SemanticCacheBuilder;
import io.semcache.embedding.CrossEncoderProvider;
import io.semcache.embedding.DjlEmbedderConfig;
import io.semcache.embedding.DjlSentenceEmbedder;
import io.semcache.embedding.EmbeddingEngine;
import io.semcache.memory.MemorySemanticCache;
import io.semcache.milvus.MilvusConfig;
import io.semcache.milvus.MilvusSemanticCache;
import io.semcache.tools.QualityEvaluation.CacheRow;
import io.semcache.tools.QualityEvaluation.Row;
import io.semcache.verify.AcceptanceModel;
import io.semcache.verify.Verifiers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Measures cache quality on labelled pairs and calibrates the threshold: the command users run
 * on their own labelled logs. See the README ("Quality and calibration") for usage.
 *
 * <pre>
 * scripts/evaluate.sh --pairs ../shared/data/qqp-dev.jsonl --target-precision 0.9
 * </pre>
 */
public final class EvaluateCache {

  private static final String USAGE = """
      usage: evaluate --pairs FILE [options]
        --pairs FILE                  JSON lines of {"a","b","duplicate"} or a JSON array of
                                      {"origin","similar"} (all duplicates)
        --limit N                     evaluate the first N pairs only
        --threshold T                 the threshold to report in detail (default: the library's)
        --sweep FROM:TO:STEP          thresholds of the sweep (default 0.70:0.99:0.01)
        --target-precision P          report the lowest threshold whose cache hit precision >= P
        --target-false-hit-rate F     report the lowest threshold whose false-hit rate <= F
        --backend memory|milvus       the backend of the cache measurement (default memory)
        --milvus-config FILE          the Milvus client file, for --backend milvus; its
                                      collection is emptied first: use a scratch one
        --engine pytorch|onnxruntime  embedding engine (default pytorch)
        --model-dir DIR               model directory (default: the provisioned one)
        --quantization none|int8      which export of the PyTorch model directory runs
                                      (int8: model-int8.pt; default none)
        --bundled-model ID            a bundled ONNX export (onnxruntime; its artifact on the
                                      classpath): all-minilm-l6-v2, bge-small-en-v1.5,
                                      bge-small-en-v1.5-q, e5-small-v2, e5-small-v2-q
        --pooling mean|cls            pooling (default: the bundled model's, else mean)
        --prefix TEXT                 text put before every input (default: the bundled model's)
        --model-name NAME             the model name in the embedder's model id
        --batch-size N                texts per forward pass (default 64)
        --threads N                   batches embedded at once (default: the number of cores)
        --pair-measurement-only       skip the cache measurement
        --verification MODE           none (similarity only), rules (polarity, numbers,
                                      names, word order), acceptance (rules + acceptance
                                      model), cross-encoder
                                      (rules + cross-encoder), acceptance+cross-encoder (rules,
                                      acceptance model as a fixed gate, cross-encoder swept),
                                      or default (the library's default chain: like
                                      acceptance+cross-encoder when the cross-encoder is
                                      provisioned, else like acceptance)
        --cross-encoder DIR           a cross-encoder directory (default: the provisioned one)
        --cross-encoder-cutoff P      the cross-encoder's probability cutoff (default: the
                                      library's, %s)
        --cross-encoder-quantization Q  none (default: model.pt) or int8 (model-int8.pt)
        --fit-cross-encoder DIR       fine-tune the cross-encoder on these pairs (grouped
                                      train/validation split, validation report) from the
                                      shipped weights, export it to DIR/model; needs the model
                                      venv; --fit-epochs N (default 1), --repository DIR
        --acceptance-model FILE       an acceptance model to use instead of the default one
        --acceptance-cutoff P         the model's acceptance probability cutoff (default: the
                                      library's, %s)
        --fit-acceptance-model FILE   fit an acceptance model on these pairs (reporting its
                                      5-fold cross-validated quality) and write it to FILE
        --reuse-embeddings DIR        save the vectors in DIR, and reuse them on later runs with
                                      the same model and texts
        --json FILE                   also write the results as JSON
        --dump-pairs FILE             also write each pair's similarity as JSON lines
      """.formatted(CrossEncoderProvider.DEFAULT_CUTOFF, Verifiers.DEFAULT_ACCEPTANCE_CUTOFF);

  private EvaluateCache() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("evaluate: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options, System.out, System.err));
  }

  static int run(Map<String, String> options, PrintStream out, PrintStream err)
      throws IOException {
    Path pairsFile = Path.of(Tools.required(options, "pairs"));
    if (!Files.isRegularFile(pairsFile)) {
      err.println("evaluate: --pairs: no such file " + pairsFile);
      return 2;
    }
    if (options.containsKey("fit-cross-encoder")) {
      return fitCrossEncoder(options, pairsFile, Path.of(options.get("fit-cross-encoder")), err);
    }
    List<LabeledPair> pairs = LabeledPairs.read(pairsFile);
    if (options.containsKey("limit")) {
      pairs = pairs.subList(0, Math.min(pairs.size(), positiveInt(options, "limit")));
    }
    double threshold = unitInterval(options, "threshold",
        io.semcache.SimilarityThreshold.DEFAULT.value());
    double[] sweep = parseSweep(options.getOrDefault("sweep", "0.70:0.99:0.01"));
    int batchSize = positiveInt(options, "batch-size", 64);

    long start = System.nanoTime();
    QualityEvaluation evaluation;
    try (Embedder embedder = createEmbedder(options)) {
      err.printf("embedding the texts of %d pairs with %s%n", pairs.size(), embedder.modelId());
      int total = pairs.size();
      int threads = positiveInt(options, "threads", Runtime.getRuntime().availableProcessors());
      Verification verification = verification(options);
      err.println("verification: " + verification.describe());
      Path reuse = options.containsKey("reuse-embeddings")
          ? Path.of(options.get("reuse-embeddings")) : null;
      evaluation = QualityEvaluation.embed(pairs, embedder, batchSize, threads, verification, reuse,
          done -> {
            if (done % 5_000 < batchSize) {
              err.printf("  %d texts embedded%n", done);
            }
          });
      err.printf("  %d distinct texts in %.1f s%n", evaluation.distinctTextCount(),
          (System.nanoTime() - start) / 1e9);
      if (!options.containsKey("pair-measurement-only")) {
        long lookups = System.nanoTime();
        try (SemanticCache cache = createCache(options, embedder, evaluation, verification)) {
          evaluation.lookUpInCache(cache, done -> {
            if (done % 5_000 == 0 || done == total) {
              err.printf("  %d of %d lookups%n", done, total);
            }
          });
        }
        err.printf("  cache measurement in %.1f s%n", (System.nanoTime() - lookups) / 1e9);
      }
    }

    if (options.containsKey("fit-acceptance-model")) {
      fitAcceptanceModel(evaluation, pairsFile, Path.of(options.get("fit-acceptance-model")), out);
    }
    if (options.containsKey("dump-pairs")) {
      evaluation.dumpPairs(Path.of(options.get("dump-pairs")));
    }
    out.printf("pairs: %s (%d pairs, %d distinct texts)%n", pairsFile, evaluation.pairCount(),
        evaluation.distinctTextCount());
    out.printf("pair ROC-AUC: %.4f%n%n", evaluation.rocAuc());
    Row at = evaluation.at(threshold);
    out.printf("at threshold %.3f:%n", threshold);
    QualityEvaluation.print(List.of(at), out);
    out.println();
    out.println("sweep:");
    List<Row> rows = evaluation.sweep(sweep[0], sweep[1], sweep[2]);
    QualityEvaluation.print(rows, out);
    if (evaluation.verification().model() != null
        || evaluation.verification().crossEncoder() != null) {
      String which = evaluation.verification().crossEncoder() != null ? "cross-encoder"
          : "acceptance-model";
      for (double cutoff : new double[] {0.03, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
        out.printf("%nsweep at " + which + " cutoff %.2f:%n", cutoff);
        QualityEvaluation.print(evaluation.sweep(sweep[0], sweep[1], sweep[2], cutoff), out);
      }
    }
    Optional<Row> calibrated = calibrate(options, rows, out);
    if (options.containsKey("json")) {
      Files.writeString(Path.of(options.get("json")), toJson(pairsFile, evaluation, at, rows,
          calibrated.orElse(null)));
    }
    return 0;
  }

  /**
   * An empty cache of the chosen backend. The Milvus collection named in the file must be a
   * scratch one: the evaluation stores and invalidates entries in it.
   */
  private static SemanticCache createCache(Map<String, String> options, Embedder embedder,
      QualityEvaluation evaluation, Verification verification) {
    String backend = options.getOrDefault("backend", "memory");
    SemanticCacheBuilder<?> builder = switch (backend) {
      case "memory" -> MemorySemanticCache.builder()
          .maximumEntries(evaluation.distinctTextCount() + 1_000L);
      case "milvus" -> MilvusSemanticCache.builder()
          .config(MilvusConfig.load(Path.of(Tools.required(options, "milvus-config"))));
      default -> throw new IllegalArgumentException("--backend: expected memory or milvus, got '"
          + backend + "'");
    };
    builder.embedder(embedder).meterRegistry(new SimpleMeterRegistry());
    List<io.semcache.HitVerifier> chain = new ArrayList<>(verification.cacheVerifiers());
    chain.add(QualityEvaluation.probe());
    builder.verifiers(chain);
    SemanticCache cache = builder.build();
    if (backend.equals("milvus")) {
      cache.invalidateAll();
    }
    return cache;
  }

  /** The verification to evaluate: {@code --verification}, {@code --acceptance-*}. */
  static Verification verification(Map<String, String> options) throws IOException {
    String mode = options.getOrDefault("verification", "default");
    double cutoff = unitInterval(options, "acceptance-cutoff", Verifiers.DEFAULT_ACCEPTANCE_CUTOFF);
    AcceptanceModel model = options.containsKey("acceptance-model")
        ? AcceptanceModel.fromJson(Files.readString(Path.of(options.get("acceptance-model"))))
        : null;
    double crossCutoff =
        unitInterval(options, "cross-encoder-cutoff", CrossEncoderProvider.DEFAULT_CUTOFF);
    AcceptanceModel acceptance = model != null ? model : AcceptanceModel.defaultModel();
    return switch (mode) {
      case "none" -> new Verification(false, model, cutoff);
      case "rules" -> new Verification(true, model, cutoff);
      case "acceptance" -> new Verification(true, acceptance, cutoff);
      case "cross-encoder" -> new Verification(true, null, cutoff, crossEncoder(options),
          crossCutoff);
      case "acceptance+cross-encoder" -> new Verification(true, acceptance, cutoff,
          crossEncoder(options), crossCutoff);
      // The library's chain (Verifiers.defaults()): the cross-encoder joins it when provisioned.
      case "default" -> new CrossEncoderProvider().available()
          ? new Verification(true, acceptance, cutoff, crossEncoder(options), crossCutoff)
          : new Verification(true, acceptance, cutoff);
      default -> throw new IllegalArgumentException("--verification: expected none, rules,"
          + " acceptance, cross-encoder, acceptance+cross-encoder or default, got '" + mode + "'");
    };
  }

  /**
   * Fine-tunes the cross-encoder on the user's pairs with {@code scripts/cross-encoder/train.py}
   * in the provisioned model venv, continuing from the shipped weights; the script splits the
   * pairs by question group and reports the held-out groups. The result is a training directory;
   * {@code scripts/provision-cross-encoder.sh}'s exporter turns it into a model directory that
   * {@code verification.cross_encoder.path} can point at (the command prints how).
   */
  private static int fitCrossEncoder(Map<String, String> options, Path pairsFile, Path outDir,
      PrintStream err) throws IOException {
    Path repo = Path.of(options.getOrDefault("repository", ".")).toAbsolutePath().normalize();
    Path script = repo.resolve("scripts/cross-encoder/train.py");
    if (!Files.isRegularFile(script)) {
      err.println("evaluate: --fit-cross-encoder: expected " + script + " (run from the"
          + " repository root, or pass --repository DIR)");
      return 2;
    }
    String cacheDir = System.getenv().getOrDefault("SEMCACHE_CACHE_DIR",
        System.getProperty("user.home") + "/.cache/semcache");
    Path python = Path.of(cacheDir, "venv-model", "bin", "python");
    if (!Files.isExecutable(python)) {
      err.println("evaluate: --fit-cross-encoder: expected the model venv at " + python
          + " (scripts/provision-model.sh builds it)");
      return 2;
    }
    List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(),
        "--pairs", pairsFile.toAbsolutePath().toString(), "--out-dir", outDir.toString(),
        "--init-dir", repo.resolve("scripts/cross-encoder/model").toString(),
        "--epochs", options.getOrDefault("fit-epochs", "1"), "--augment-per-rule", "500",
        "--augment-paraphrases", "1000", "--augment-symmetric", "100"));
    err.println("fine-tuning: " + String.join(" ", command));
    Process process = new ProcessBuilder(command).inheritIO().start();
    int rc;
    try {
      rc = process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      return 1;
    }
    if (rc != 0) {
      return rc;
    }
    Path modelDir = outDir.resolve("model");
    Files.createDirectories(modelDir);
    List<String> export = List.of(python.toString(),
        repo.resolve("scripts/cross-encoder/export_cross_encoder.py").toString(),
        "--artifact-dir", outDir.toString(), "--reference-pairs",
        repo.resolve("scripts/cross-encoder/reference-pairs.tsv").toString(), "--out-dir",
        modelDir.toString(), "--recipe", "fitted");
    Process exporter = new ProcessBuilder(export).inheritIO().start();
    try {
      rc = exporter.waitFor();
    } catch (InterruptedException e) {
      exporter.destroy();
      Thread.currentThread().interrupt();
      return 1;
    }
    if (rc == 0) {
      err.println("fitted cross-encoder: " + modelDir + " (validation report in " + outDir
          + "/training-report.json); use it with verification.cross_encoder.path: " + modelDir
          + ", and measure it with --verification cross-encoder --cross-encoder " + modelDir);
    }
    return rc;
  }

  /** The cross-encoder of {@code --cross-encoder DIR}, or the provisioned one. */
  private static io.semcache.embedding.CrossEncoderVerifier crossEncoder(
      Map<String, String> options) {
    Path dir = options.containsKey("cross-encoder") ? Path.of(options.get("cross-encoder"))
        : io.semcache.embedding.CrossEncoderVerifier.provisionedDirectory();
    io.semcache.embedding.Quantization export = io.semcache.embedding.Quantization.of(
        "--cross-encoder-quantization", options.getOrDefault("cross-encoder-quantization", "none"));
    return io.semcache.embedding.CrossEncoderVerifier.create(dir,
        unitInterval(options, "cross-encoder-cutoff", CrossEncoderProvider.DEFAULT_CUTOFF),
        Runtime.getRuntime().availableProcessors(), export, null);
  }

  private static void fitAcceptanceModel(QualityEvaluation evaluation, Path pairsFile, Path file,
      PrintStream out) throws IOException {
    List<LabeledPair> pairs = evaluation.pairs();
    double[] similarity = new double[pairs.size()];
    for (int i = 0; i < similarity.length; i++) {
      similarity[i] = evaluation.pairSimilarity(i);
    }
    double[] crossValidated = AcceptanceFitting.crossValidated(pairs, similarity, 5);
    boolean[] rules = AcceptanceFitting.passesRules(pairs);
    out.println("acceptance model, 5-fold cross-validation by question group"
        + " (each pair scored by a model that never saw its questions):");
    out.printf("%8s | %9s %7s%n", "cutoff", "precision", "recall");
    for (double cutoff = 0.3; cutoff <= 0.951; cutoff += 0.05) {
      long tp = 0;
      long fp = 0;
      long positives = 0;
      for (int i = 0; i < pairs.size(); i++) {
        boolean accepted = rules[i] && crossValidated[i] >= cutoff;
        positives += pairs.get(i).duplicate() ? 1 : 0;
        if (accepted && pairs.get(i).duplicate()) {
          tp++;
        } else if (accepted) {
          fp++;
        }
      }
      out.printf("%8.2f | %9.3f %7.3f%n", cutoff, tp + fp == 0 ? Double.NaN
          : (double) tp / (tp + fp), (double) tp / positives);
    }
    AcceptanceModel model = AcceptanceFitting.fitAll(pairs, similarity,
        pairsFile.getFileName().toString());
    Files.writeString(file, model.toJson());
    out.println("fitted on all pairs and written to " + file + ":");
    model.explain().forEach(line -> out.println("  " + line));
    out.println();
  }

  private static Optional<Row> calibrate(Map<String, String> options, List<Row> rows,
      PrintStream out) {
    Optional<Row> found = Optional.empty();
    if (options.containsKey("target-precision")) {
      double target = unitInterval(options, "target-precision", 0.9);
      found = rows.stream().filter(r -> r.cache() != null
          && r.cache().hitPrecision() >= target).findFirst();
      out.printf("%nlowest threshold with cache hit precision >= %.3f: %s%n", target,
          found.map(EvaluateCache::describe).orElse("none in the sweep"));
    }
    if (options.containsKey("target-false-hit-rate")) {
      double target = unitInterval(options, "target-false-hit-rate", 0.02);
      found = rows.stream().filter(r -> r.cache() != null
          && r.cache().falseHitRate() <= target).findFirst();
      out.printf("%nlowest threshold with false-hit rate <= %.4f: %s%n", target,
          found.map(EvaluateCache::describe).orElse("none in the sweep"));
    }
    return found;
  }

  private static String describe(Row row) {
    CacheRow c = java.util.Objects.requireNonNull(row.cache());
    return String.format(Locale.ROOT, "%.3f (hit precision %.3f, recall %.3f, false-hit rate %.4f)",
        row.threshold(), c.hitPrecision(), c.duplicateRecall(), c.falseHitRate());
  }

  static Embedder createEmbedder(Map<String, String> options) {
    EmbeddingEngine engine = EmbeddingEngine.valueOf(
        options.getOrDefault("engine", options.containsKey("bundled-model") ? "onnxruntime"
            : "pytorch").toUpperCase(Locale.ROOT).replace("ONNXRUNTIME",
            "ONNX_RUNTIME"));
    DjlEmbedderConfig.Builder config = DjlEmbedderConfig.builder().engine(engine);
    if (options.containsKey("model-dir")) {
      config.modelDirectory(Path.of(options.get("model-dir")));
    } else if (options.containsKey("bundled-model")) {
      config.bundledOnnxModel(io.semcache.embedding.BundledModel.byId(options.get("bundled-model"))
          .orElseThrow(() -> new IllegalArgumentException("--bundled-model: expected one of "
              + java.util.Arrays.stream(io.semcache.embedding.BundledModel.values())
                  .map(io.semcache.embedding.BundledModel::id).toList()
              + ", got '" + options.get("bundled-model") + "'")));
    } else if (engine == EmbeddingEngine.ONNX_RUNTIME) {
      config.bundledOnnxModel();
    } else {
      config.modelDirectory(Tools.defaultModelDirectory());
    }
    if (options.containsKey("pooling")) {
      config.pooling(io.semcache.embedding.Pooling.valueOf(
          options.get("pooling").toUpperCase(Locale.ROOT)));
    }
    if (options.containsKey("prefix")) {
      config.prefix(options.get("prefix"));
    }
    if (options.containsKey("model-name")) {
      config.modelName(options.get("model-name"));
    }
    if (options.containsKey("quantization")) {
      config.quantization(io.semcache.embedding.Quantization.of("--quantization",
          options.get("quantization")));
    }
    return DjlSentenceEmbedder.create(config.build());
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> flags = List.of("pair-measurement-only");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      if (flags.contains(name)) {
        options.put(name, "true");
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + ": expected a value");
        }
        options.put(name, args[++i]);
      }
    }
    List<String> known = new ArrayList<>(List.of("pairs", "limit", "threshold", "sweep",
        "target-precision", "target-false-hit-rate", "engine", "model-dir", "batch-size", "threads",
        "backend", "milvus-config", "json", "dump-pairs", "verification", "acceptance-model",
        "acceptance-cutoff", "fit-acceptance-model", "cross-encoder", "cross-encoder-cutoff", "cross-encoder-quantization", "fit-cross-encoder", "fit-epochs", "repository", "bundled-model", "pooling", "prefix", "quantization",
        "model-name", "reuse-embeddings"));
    known.addAll(flags);
    for (String name : options.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("--" + name + ": unknown option");
      }
    }
    Tools.required(options, "pairs");
    return options;
  }

  private static int positiveInt(Map<String, String> options, String name, int defaultValue) {
    return options.containsKey(name) ? positiveInt(options, name) : defaultValue;
  }

  private static int positiveInt(Map<String, String> options, String name) {
    try {
      int value = Integer.parseInt(options.get(name));
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + ": expected a positive integer, got '"
        + options.get(name) + "'");
  }

  private static double unitInterval(Map<String, String> options, String name, double def) {
    if (!options.containsKey(name)) {
      return def;
    }
    try {
      double value = Double.parseDouble(options.get(name));
      if (value >= 0 && value <= 1) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + ": expected a number in [0, 1], got '"
        + options.get(name) + "'");
  }

  private static double[] parseSweep(String spec) {
    String[] parts = spec.split(":");
    try {
      double[] sweep = {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
          Double.parseDouble(parts[2])};
      if (parts.length == 3 && sweep[0] >= 0 && sweep[1] <= 1 && sweep[0] <= sweep[1]
          && sweep[2] > 0) {
        return sweep;
      }
    } catch (RuntimeException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("--sweep: expected FROM:TO:STEP within [0, 1], got '"
        + spec + "'");
  }

  private static String toJson(Path pairsFile, QualityEvaluation evaluation, Row at,
      List<Row> rows, Row calibrated) {
    com.google.gson.JsonObject root = new com.google.gson.JsonObject();
    root.addProperty("pairs", pairsFile.toString());
    root.addProperty("pairCount", evaluation.pairCount());
    root.addProperty("distinctTexts", evaluation.distinctTextCount());
    root.addProperty("rocAuc", evaluation.rocAuc());
    root.add("atThreshold", rowJson(at));
    com.google.gson.JsonArray sweep = new com.google.gson.JsonArray();
    rows.forEach(r -> sweep.add(rowJson(r)));
    root.add("sweep", sweep);
    if (calibrated != null) {
      root.add("calibrated", rowJson(calibrated));
    }
    return new com.google.gson.GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
        .create().toJson(root);
  }

  private static com.google.gson.JsonObject rowJson(Row row) {
    com.google.gson.JsonObject o = new com.google.gson.JsonObject();
    o.addProperty("threshold", row.threshold());
    o.addProperty("pairPrecision", row.pairPrecision());
    o.addProperty("pairRecall", row.pairRecall());
    o.addProperty("pairF1", row.pairF1());
    CacheRow c = row.cache();
    if (c != null) {
      o.addProperty("hits", c.hits());
      o.addProperty("hitPrecision", c.hitPrecision());
      o.addProperty("duplicateRecall", c.duplicateRecall());
      o.addProperty("falseHitRate", c.falseHitRate());
    }
    return o;
  }
}
