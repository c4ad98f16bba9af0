package io.semcache.embedding;

import io.semcache.config.ConfigSection;
import io.semcache.config.ConfigType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link DjlSentenceEmbedder}. Build one with {@link #builder()}; the
 * canonical constructor applies the same checks.
 *
 * @param engine the DJL engine; {@link EmbeddingEngine#PYTORCH} unless the model is the bundled
 *     ONNX export
 * @param source where the model and its {@code tokenizer.json} come from
 * @param modelName the model's name; with {@code pooling}, {@code prefix} and {@code maxLength}
 *     it forms the embedder's {@linkplain DjlSentenceEmbedder#modelId() model id}
 * @param pooling how token embeddings become the sentence vector: {@link Pooling#MEAN} (default)
 *     or {@link Pooling#CLS}; a {@link BundledModel} preset brings its model's own
 * @param prefix text put before every input before it is tokenised, or empty (default), e.g.
 *     {@code "query: "} for e5 models; the returned token counts and truncation flags include it
 * @param maxLength the truncation window in tokens, special tokens included: longer inputs are
 *     cut to it and their embeddings are flagged {@linkplain io.semcache.Embedding#truncated()
 *     truncated}. 256 is sentence-transformers' window for all-MiniLM-L6-v2; the window set in a
 *     model's {@code tokenizer.json} is ignored so that every source and engine cut alike.
 * @param poolSize how many DJL predictors serve concurrent calls; more callers wait for a free one.
 *     Predictors share the model's weights, so they are cheap.
 * @param maxBatchSize how many texts {@link DjlSentenceEmbedder#embedAll} runs in one forward pass
 * @param memoSize how many recent (text, embedding) pairs to remember so that a repeated text is
 *     not embedded again; 0 turns the memo off
 * @param expectedDimension the vector length the model must produce, checked by a probe inference
 *     when the embedder is created
 * @param intraOpThreads threads one inference may use, or 0 for the engine's default (one per
 *     core). Default 1: a cache embeds one short prompt per request from many request threads,
 *     and one thread per inference with a predictor per core gave the best throughput and tail
 *     latency in our measurements (the embedding README has the figures); several threads per
 *     inference only help a lone caller with large batches. For PyTorch this setting is
 *     process-wide (libtorch has one intra-op pool); for OnnxRuntime it applies to this model's
 *     session.
 * @param quantization which export of a PyTorch model directory runs: {@link Quantization#NONE}
 *     ({@code model.pt}, the default) or {@link Quantization#INT8} ({@code model-int8.pt}; part of
 *     the model id)
 */
public record DjlEmbedderConfig(
    EmbeddingEngine engine,
    ModelSource source,
    String modelName,
    Pooling pooling,
    String prefix,
    int maxLength,
    int poolSize,
    int maxBatchSize,
    int memoSize,
    int expectedDimension,
    int intraOpThreads,
    Quantization quantization) {

  /** The model this module is built and tested for. */
  public static final String DEFAULT_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2";

  /** sentence-transformers' window for all-MiniLM-L6-v2 ({@code max_seq_length}). */
  public static final int DEFAULT_MAX_LENGTH = 256;

  /** all-MiniLM-L6-v2's vector length. */
  public static final int DEFAULT_DIMENSION = 384;

  /** Texts per forward pass in {@link DjlSentenceEmbedder#embedAll}. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 32;

  /** The memo is off unless asked for: the cache itself serves exact repeats without embedding. */
  public static final int DEFAULT_MEMO_SIZE = 0;

  /** One thread per inference (see {@link #intraOpThreads()}). */
  public static final int DEFAULT_INTRA_OP_THREADS = 1;

  /** The longest accepted {@link #prefix()}, in characters. */
  static final int MAX_PREFIX_LENGTH = 256;

  /** BERT-family models have 512 position embeddings. */
  static final int MAX_WINDOW = 512;

  static final int MIN_WINDOW = 4;
  static final int MAX_POOL_SIZE = 64;
  static final int MAX_BATCH_SIZE_LIMIT = 1024;

  public DjlEmbedderConfig {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(quantization, "quantization");
    List<String> problems = new ArrayList<>();
    modelNameProblem(modelName).ifPresent(problems::add);
    prefixProblem(prefix).ifPresent(problems::add);
    MAX_LENGTH.problem(maxLength).ifPresent(problems::add);
    POOL_SIZE.problem(poolSize).ifPresent(problems::add);
    MAX_BATCH_SIZE.problem(maxBatchSize).ifPresent(problems::add);
    MEMO_SIZE.problem(memoSize).ifPresent(problems::add);
    DIMENSION.problem(expectedDimension).ifPresent(problems::add);
    INTRA_OP_THREADS.problem(intraOpThreads).ifPresent(problems::add);
    if (source instanceof ModelSource.BundledOnnx && engine != EmbeddingEngine.ONNX_RUNTIME) {
      problems.add(
          "engine: the bundled model is an ONNX file and needs ONNX_RUNTIME, got " + engine);
    }
    if (source instanceof ModelSource.Classpath classpath && classpath.engine() != engine) {
      problems.add("engine: the classpath model " + classpath.modelResource() + " needs "
          + classpath.engine() + ", got " + engine);
    }
    if (quantization != Quantization.NONE
        && (engine != EmbeddingEngine.PYTORCH || !(source instanceof ModelSource.Directory))) {
      problems.add("quantization: " + quantization + " needs the PyTorch engine and a model"
          + " directory holding model" + quantization.fileSuffix() + ".pt (scripts/provision-model.sh"
          + " writes one), got " + engine + " with " + source
          + (engine == EmbeddingEngine.ONNX_RUNTIME
              ? "; with OnnxRuntime choose a quantized preset such as bge-small-en-v1.5-q" : ""));
    }
    if (problems.size() == 1) {
      throw new IllegalArgumentException(problems.get(0));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid embedder config (" + problems.size()
          + " problems): " + String.join("; ", problems));
    }
  }

  /** A range rule of one option, applied by the constructor and by the builder's setter. */
  private record Range(String option, int min, int max, String unit) {
    Optional<String> problem(int value) {
      return value >= min && value <= max ? Optional.empty() : Optional.of(option + ": expected "
          + (max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max) + unit + ", got "
          + value);
    }

    int check(int value) {
      return DjlEmbedderConfig.check(problem(value), value);
    }
  }

  private static final Range MAX_LENGTH =
      new Range("maxLength", MIN_WINDOW, MAX_WINDOW, " tokens");
  private static final Range POOL_SIZE = new Range("poolSize", 1, MAX_POOL_SIZE, " predictors");
  private static final Range MAX_BATCH_SIZE =
      new Range("maxBatchSize", 1, MAX_BATCH_SIZE_LIMIT, " texts");
  private static final Range MEMO_SIZE = new Range("memoSize", 0, Integer.MAX_VALUE, " entries");
  private static final Range DIMENSION =
      new Range("expectedDimension", 1, Integer.MAX_VALUE, "");
  private static final Range INTRA_OP_THREADS =
      new Range("intraOpThreads", 0, 1024, " (0 = engine default)");

  private static Optional<String> modelNameProblem(String modelName) {
    return modelName.isBlank()
        ? Optional.of("modelName: expected a non-blank name, got \"" + modelName + "\"")
        : Optional.empty();
  }

  /**
   * The embedder's model id: the model name, the pooling, prefix and quantization when they are
   * not the defaults, and the window. For example {@code sentence-transformers/all-MiniLM-L6-v2@256},
   * {@code BAAI/bge-small-en-v1.5[cls]@256}, {@code intfloat/e5-small-v2[prefix="query: "]@256},
   * {@code sentence-transformers/all-MiniLM-L6-v2[int8]@256}.
   * Everything that changes the vectors is in it, so a cache never mixes vectors of two settings.
   */
  public String modelId() {
    List<String> options = new ArrayList<>(3);
    if (pooling != Pooling.MEAN) {
      options.add(pooling.id());
    }
    if (!prefix.isEmpty()) {
      options.add("prefix=\"" + prefix.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    if (quantization != Quantization.NONE) {
      options.add(quantization.id());
    }
    return modelName + (options.isEmpty() ? "" : "[" + String.join(",", options) + "]") + "@"
        + maxLength;
  }

  private static Optional<String> prefixProblem(String prefix) {
    if (prefix.length() > MAX_PREFIX_LENGTH) {
      return Optional.of("prefix: expected at most " + MAX_PREFIX_LENGTH + " characters, got "
          + prefix.length());
    }
    if (!prefix.isEmpty() && prefix.isBlank()) {
      return Optional.of("prefix: expected text or nothing, got a blank string (it would change"
          + " nothing but the model id)");
    }
    return Optional.empty();
  }

  private static <T> T check(Optional<String> problem, T value) {
    problem.ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return value;
  }

  /** A builder with every option unset. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the router's {@code semantic_cache.embedding} block into a {@link Builder}, recording
   * problems (with their YAML paths) in its document, like every semcache config reader: call
   * {@link io.semcache.config.YamlConfig#requireValid()} afterwards. Keys: {@code engine} ({@code
   * pytorch} | {@code onnxruntime}; by default the one the source needs, else pytorch), at most
   * one source: {@code model_path} (a directory), {@code model_url} (a DJL URL; the only way
   * anything is downloaded), {@code bundled_onnx: true} (langchain4j's all-MiniLM-L6-v2 export;
   * the default with onnxruntime), {@code bundled_model} (a {@link BundledModel} preset by its
   * {@linkplain BundledModel#id() id}, e.g. {@code bge-small-en-v1.5}) or {@code model_resource}
   * with {@code tokenizer_resource} (classpath resources), and the optional {@code model_name},
   * {@code pooling} ({@code mean} | {@code cls}), {@code prefix}, {@code max_length}, {@code
   * pool_size}, {@code max_batch_size}, {@code memo_size}, {@code dimension}, {@code
   * intra_op_threads}, {@code quantization} ({@code none} | {@code int8}). Each value is checked by the builder's setter, the rules between them by
   * {@link Builder#build()}.
   *
   * @return the configuration, or empty when the block has problems
   */
  public static Optional<DjlEmbedderConfig> read(ConfigSection block) {
    int problemsBefore = block.problemCount();
    Builder b = builder();
    block.bind("engine", ENGINE, b::engine);
    // Sources are set after the other keys, so that a second one is blamed after every other
    // problem of the block; which key is given is the reader's part, "exactly one" the builder's.
    Map<String, Runnable> sources = new LinkedHashMap<>();
    block.get("model_path", ConfigType.PATH).ifPresent(path ->
        sources.put("model_path", () -> b.modelDirectory(path)));
    block.get("model_url", ConfigType.STRING).ifPresent(url ->
        sources.put("model_url", () -> b.modelUrl(url)));
    block.get("bundled_onnx", ConfigType.BOOL).filter(Boolean::booleanValue).ifPresent(yes ->
        sources.put("bundled_onnx", () -> b.bundledOnnxModel()));
    block.get("bundled_model", PRESET).ifPresent(preset ->
        sources.put("bundled_model", () -> b.bundledOnnxModel(preset)));
    Optional<String> modelResource = block.get("model_resource", ConfigType.STRING);
    Optional<String> tokenizerResource = block.get("tokenizer_resource", ConfigType.STRING);
    block.bind("model_name", ConfigType.STRING, b::modelName);
    block.bind("pooling", POOLING, b::pooling);
    block.bind("prefix", ConfigType.STRING, b::prefix);
    block.bind("max_length", ConfigType.INT, b::maxLength);
    block.bind("pool_size", ConfigType.INT, b::poolSize);
    block.bind("max_batch_size", ConfigType.INT, b::maxBatchSize);
    block.bind("memo_size", ConfigType.INT, b::memoSize);
    block.bind("dimension", ConfigType.INT, b::expectedDimension);
    block.bind("intra_op_threads", ConfigType.INT, b::intraOpThreads);
    block.bind("quantization", QUANTIZATION, b::quantization);
    block.rejectUnknownKeys();
    if (modelResource.isPresent() != tokenizerResource.isPresent()) {
      block.problem(modelResource.isPresent() ? "tokenizer_resource" : "model_resource",
          "required with " + (modelResource.isPresent() ? "model_resource" : "tokenizer_resource")
              + ": a classpath model needs both the model and its tokenizer.json");
    } else if (modelResource.isPresent()) {
      sources.put("model_resource",
          () -> b.classpathModel(modelResource.get(), tokenizerResource.get()));
    }
    sources.forEach((key, source) -> block.attempt(key, () -> {
      source.run();
      return key;
    }));
    if (block.problemCount() > problemsBefore) {
      return Optional.empty();
    }
    String sourceKey = sources.keySet().stream().findFirst().orElse("model_path");
    try {
      return Optional.of(b.build());
    } catch (IllegalArgumentException e) {
      // A quantization the source cannot run is blamed on the quantization key, which the user
      // added; every other rule between keys on the source.
      String key = block.has("quantization") && e.getMessage().startsWith("quantization:")
          ? "quantization" : sourceKey;
      return block.attempt(key, () -> {
        throw e;
      });
    }
  }

  private static final ConfigType<EmbeddingEngine> ENGINE =
      spelled("pytorch", EmbeddingEngine.PYTORCH, "onnxruntime", EmbeddingEngine.ONNX_RUNTIME);
  private static final ConfigType<Pooling> POOLING =
      spelled("mean", Pooling.MEAN, "cls", Pooling.CLS);
  private static final ConfigType<Quantization> QUANTIZATION = ConfigType.oneOf(
      Arrays.stream(Quantization.values()).collect(Collectors.toMap(Quantization::id, q -> q,
          (a, c) -> a, LinkedHashMap::new)));
  private static final ConfigType<BundledModel> PRESET = ConfigType.oneOf(
      Arrays.stream(BundledModel.values()).collect(Collectors.toMap(BundledModel::id, m -> m,
          (a, c) -> a, LinkedHashMap::new)));

  private static <T> ConfigType<T> spelled(String first, T firstValue, String second,
      T secondValue) {
    Map<String, T> spellings = new LinkedHashMap<>();
    spellings.put(first, firstValue);
    spellings.put(second, secondValue);
    return ConfigType.oneOf(spellings);
  }

  /**
   * Builds a {@link DjlEmbedderConfig}. Each option may be set once (a second call throws
   * {@link IllegalStateException}); nulls and out-of-range values are rejected by the setter;
   * {@link #build()} checks what involves several options. Exactly one model source must be set:
   * {@link #modelDirectory}, {@link #modelUrl}, {@link #bundledOnnxModel} or {@link
   * #classpathModel}.
   */
  public static final class Builder {
    private @Nullable EmbeddingEngine engine;
    private @Nullable ModelSource source;
    private @Nullable String modelName;
    private @Nullable Pooling pooling;
    private @Nullable String prefix;
    private int maxLength = -1;
    private int poolSize = -1;
    private int maxBatchSize = -1;
    private int memoSize = -1;
    private int expectedDimension = -1;
    private int intraOpThreads = -1;
    private @Nullable Quantization quantization;

    private Builder() {}

    /** The engine. Default: PyTorch, or OnnxRuntime for {@link #bundledOnnxModel()}. */
    public Builder engine(EmbeddingEngine engine) {
      Objects.requireNonNull(engine, "engine");
      requireUnset(this.engine == null, "engine", this.engine);
      this.engine = engine;
      return this;
    }

    /** Loads the model from a local directory (see {@link ModelSource.Directory}). */
    public Builder modelDirectory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      return source(new ModelSource.Directory(directory));
    }

    /**
     * Loads the model from a DJL URL (see {@link ModelSource.Url}); the only source that may
     * download.
     *
     * @throws IllegalArgumentException if {@code url} is not an absolute URI
     */
    public Builder modelUrl(String url) {
      Objects.requireNonNull(url, "url");
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("modelUrl: expected a URL, got \"" + url + "\"", e);
      }
      return source(new ModelSource.Url(uri));
    }

    /**
     * Uses langchain4j's ONNX export of all-MiniLM-L6-v2 from the classpath: {@code
     * bundledOnnxModel(BundledModel.ALL_MINILM_L6_V2)}.
     */
    public Builder bundledOnnxModel() {
      return bundledOnnxModel(BundledModel.ALL_MINILM_L6_V2);
    }

    /**
     * Uses a {@linkplain BundledModel preset}'s ONNX export from the classpath (its artifact must
     * be a dependency). The preset also supplies the defaults of {@link #modelName}, {@link
     * #pooling} and {@link #prefix}, and the engine defaults to OnnxRuntime.
     */
    public Builder bundledOnnxModel(BundledModel model) {
      Objects.requireNonNull(model, "model");
      return source(new ModelSource.BundledOnnx(model));
    }

    /**
     * Loads the model file and {@code tokenizer.json} from classpath resources (see {@link
     * ModelSource.Classpath}); the engine defaults to the one the model file's extension needs.
     *
     * @throws IllegalArgumentException if a name is blank or the model's does not end in {@code
     *     .onnx} or {@code .pt}
     */
    public Builder classpathModel(String modelResource, String tokenizerResource) {
      return source(new ModelSource.Classpath(modelResource, tokenizerResource));
    }

    private Builder source(ModelSource source) {
      if (this.source != null) {
        throw new IllegalStateException(
            "model source: already set to " + this.source
                + "; set exactly one of modelDirectory, modelUrl, bundledOnnxModel,"
                + " classpathModel");
      }
      this.source = source;
      return this;
    }

    /**
     * The model's name, used in the model id.
     * Default {@value DjlEmbedderConfig#DEFAULT_MODEL_NAME}.
     */
    public Builder modelName(String modelName) {
      Objects.requireNonNull(modelName, "modelName");
      requireUnset(this.modelName == null, "modelName", this.modelName);
      this.modelName = check(modelNameProblem(modelName), modelName);
      return this;
    }

    /**
     * How token embeddings become the sentence vector. Default: the {@link BundledModel} preset's,
     * else {@link Pooling#MEAN}. Part of the model id when not MEAN.
     */
    public Builder pooling(Pooling pooling) {
      Objects.requireNonNull(pooling, "pooling");
      requireUnset(this.pooling == null, "pooling", this.pooling);
      this.pooling = pooling;
      return this;
    }

    /**
     * Text put before every input, e.g. {@code "query: "} for e5 models; empty for none. Default:
     * the {@link BundledModel} preset's, else none. Part of the model id when not empty.
     *
     * @throws IllegalArgumentException if longer than 256 characters, or blank but not empty
     */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      requireUnset(this.prefix == null, "prefix", this.prefix);
      this.prefix = check(prefixProblem(prefix), prefix);
      return this;
    }

    /**
     * The truncation window in tokens, 4..512.
     * Default {@value DjlEmbedderConfig#DEFAULT_MAX_LENGTH}.
     */
    public Builder maxLength(int tokens) {
      requireUnset(maxLength < 0, "maxLength", maxLength);
      this.maxLength = MAX_LENGTH.check(tokens);
      return this;
    }

    /** Predictors serving concurrent calls, 1..64. Default: the number of cores, at most 64. */
    public Builder poolSize(int predictors) {
      requireUnset(poolSize < 0, "poolSize", poolSize);
      this.poolSize = POOL_SIZE.check(predictors);
      return this;
    }

    /**
     * Texts per forward pass, 1..1024. Default {@value DjlEmbedderConfig#DEFAULT_MAX_BATCH_SIZE}.
     */
    public Builder maxBatchSize(int texts) {
      requireUnset(maxBatchSize < 0, "maxBatchSize", maxBatchSize);
      this.maxBatchSize = MAX_BATCH_SIZE.check(texts);
      return this;
    }

    /**
     * Exact-text memo entries, 0 (off) or more.
     * Default {@value DjlEmbedderConfig#DEFAULT_MEMO_SIZE} (off).
     */
    public Builder memoSize(int entries) {
      requireUnset(memoSize < 0, "memoSize", memoSize);
      this.memoSize = MEMO_SIZE.check(entries);
      return this;
    }

    /**
     * The vector length the model must produce.
     * Default {@value DjlEmbedderConfig#DEFAULT_DIMENSION}.
     */
    public Builder expectedDimension(int dimension) {
      requireUnset(expectedDimension < 0, "expectedDimension", expectedDimension);
      this.expectedDimension = DIMENSION.check(dimension);
      return this;
    }

    /**
     * Threads per inference, 1..1024, or 0 for the engine's default (one per core). Default
     * {@value DjlEmbedderConfig#DEFAULT_INTRA_OP_THREADS}; see {@link
     * DjlEmbedderConfig#intraOpThreads()}.
     */
    public Builder intraOpThreads(int threads) {
      requireUnset(intraOpThreads < 0, "intraOpThreads", intraOpThreads);
      this.intraOpThreads = INTRA_OP_THREADS.check(threads);
      return this;
    }

    /**
     * Which export of the PyTorch model directory runs. Default {@link Quantization#NONE} ({@code
     * model.pt}); {@link Quantization#INT8} loads {@code model-int8.pt} and is part of the model id.
     */
    public Builder quantization(Quantization quantization) {
      Objects.requireNonNull(quantization, "quantization");
      requireUnset(this.quantization == null, "quantization", this.quantization);
      this.quantization = quantization;
      return this;
    }

    /**
     * Creates the config. With engine OnnxRuntime and no source, the source is {@link
     * #bundledOnnxModel()}; the engine, when not set, is the one the source needs, else PyTorch.
     *
     * @throws IllegalArgumentException listing every problem: no model source, or an engine the
     *     bundled or classpath model cannot run on
     */
    public DjlEmbedderConfig build() {
      ModelSource source = this.source != null ? this.source
          : engine == EmbeddingEngine.ONNX_RUNTIME
              ? new ModelSource.BundledOnnx(BundledModel.ALL_MINILM_L6_V2) : null;
      if (source == null) {
        throw new IllegalArgumentException("model source: expected one of modelDirectory,"
            + " modelUrl, bundledOnnxModel or classpathModel, got none");
      }
      @Nullable BundledModel preset =
          source instanceof ModelSource.BundledOnnx bundled ? bundled.model() : null;
      EmbeddingEngine resolvedEngine = engine;
      if (resolvedEngine == null) {
        if (preset != null) {
          resolvedEngine = EmbeddingEngine.ONNX_RUNTIME;
        } else if (source instanceof ModelSource.Classpath classpath) {
          resolvedEngine = classpath.engine();
        } else {
          resolvedEngine = EmbeddingEngine.PYTORCH;
        }
      }
      String defaultName = preset == null ? DEFAULT_MODEL_NAME : preset.modelName();
      Pooling defaultPooling = preset == null ? Pooling.MEAN : preset.pooling();
      String defaultPrefix = preset == null ? "" : preset.prefix();
      return new DjlEmbedderConfig(
          resolvedEngine,
          source,
          modelName == null ? defaultName : modelName,
          pooling == null ? defaultPooling : pooling,
          prefix == null ? defaultPrefix : prefix,
          maxLength < 0 ? DEFAULT_MAX_LENGTH : maxLength,
          poolSize < 0 ? defaultPoolSize() : poolSize,
          maxBatchSize < 0 ? DEFAULT_MAX_BATCH_SIZE : maxBatchSize,
          memoSize < 0 ? DEFAULT_MEMO_SIZE : memoSize,
          expectedDimension < 0 ? DEFAULT_DIMENSION : expectedDimension,
          intraOpThreads < 0 ? DEFAULT_INTRA_OP_THREADS : intraOpThreads,
          quantization == null ? Quantization.NONE : quantization);
    }

    private static int defaultPoolSize() {
      return Math.max(1, Math.min(MAX_POOL_SIZE, Runtime.getRuntime().availableProcessors()));
    }

    private static void requireUnset(boolean unset, String option, @Nullable Object current) {
      if (!unset) {
        throw new IllegalStateException(option + ": already set to " + current);
      }
    }
  }
}
