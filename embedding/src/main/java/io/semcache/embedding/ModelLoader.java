package io.semcache.embedding;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.PairList;
import io.semcache.EmbeddingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link ModelSource} into a loaded DJL model and its tokenizer, failing with an {@link
 * EmbeddingException} that names the path and what was expected.
 */
final class ModelLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  static final String TOKENIZER_FILE = "tokenizer.json";
  private static final Set<String> SUPPORTED_INPUTS =
      Set.of(
          PoolingTranslator.INPUT_IDS,
          PoolingTranslator.ATTENTION_MASK,
          PoolingTranslator.TOKEN_TYPE_IDS);

  /** A model, its tokenizer, the inputs it takes, and a description of where it came from. */
  static final class LoadedModel implements AutoCloseable {
    final Model model;
    final HuggingFaceTokenizer tokenizer;
    final List<String> inputNames;
    final String origin;
    /** The id of the tokenizer's unknown token, or -1 if it has none we recognise. */
    final long unknownTokenId;

    LoadedModel(
        Model model, HuggingFaceTokenizer tokenizer, List<String> inputNames, String origin) {
      this.model = model;
      this.tokenizer = tokenizer;
      this.inputNames = inputNames;
      this.origin = origin;
      this.unknownTokenId = unknownTokenId(tokenizer);
    }

    @Override
    public void close() {
      tokenizer.close();
      model.close();
    }
  }

  private ModelLoader() {}

  /** Unknown-token spellings of the WordPiece (BERT) and SentencePiece tokenizer families. */
  private static final List<String> UNKNOWN_TOKENS = List.of("[UNK]", "<unk>");

  /**
   * The id of the tokenizer's unknown token: the special token that text outside the vocabulary
   * becomes. Found by encoding its spelling, which a tokenizer keeps whole only if it is one of its
   * special tokens.
   */
  static long unknownTokenId(HuggingFaceTokenizer tokenizer) {
    for (String spelling : UNKNOWN_TOKENS) {
      ai.djl.huggingface.tokenizers.Encoding encoding = tokenizer.encode(spelling, false, false);
      if (encoding.getIds().length == 1 && spelling.equals(encoding.getTokens()[0])) {
        return encoding.getIds()[0];
      }
    }
    return -1;
  }

  static LoadedModel load(DjlEmbedderConfig config) {
    EmbeddingEngine engine = config.engine();
    ModelSource source = config.source();
    Map<String, String> modelOptions = modelOptions(config);
    if (source instanceof ModelSource.Directory) {
      Path directory = ((ModelSource.Directory) source).path().toAbsolutePath().normalize();
      Path tokenizerFile = requireDirectoryLayout(directory, engine);
      Path modelFile = requireModelFile(directory, engine, config.quantization());
      loadEngine(engine, config);
      String origin = modelFile.toString();
      HuggingFaceTokenizer tokenizer = tokenizer(tokenizerFile, config, origin);
      Model model = Model.newInstance(config.modelName(), engine.djlName());
      try {
        model.load(modelFile, null, modelOptions);
      } catch (IOException | MalformedModelException | RuntimeException e) {
        model.close();
        tokenizer.close();
        throw new EmbeddingException(
            "model file " + modelFile + ": expected " + describe(engine) + ", but "
                + engine.djlName() + " could not load it: " + e.getMessage(), e);
      }
      return withInputs(model, tokenizer, engine, origin);
    }
    if (source instanceof ModelSource.BundledOnnx bundled) {
      BundledModel preset = bundled.model();
      return loadFromClasspath(preset.modelResource(), preset.tokenizerResource(),
          "the Maven artifact " + preset.artifact() + " on the classpath", config, modelOptions);
    }
    if (source instanceof ModelSource.Classpath classpath) {
      return loadFromClasspath(classpath.modelResource(), classpath.tokenizerResource(),
          "it on the classpath", config, modelOptions);
    }
    ModelSource.Url url = (ModelSource.Url) source;
    return loadFromUrl(url, engine, config, modelOptions);
  }

  /**
   * Loads a model file and its tokenizer from classpath resources.
   *
   * @param expected what should have put the resources there, for the error message
   */
  private static LoadedModel loadFromClasspath(
      String modelResource,
      String tokenizerResource,
      String expected,
      DjlEmbedderConfig config,
      Map<String, String> modelOptions) {
    EmbeddingEngine engine = config.engine();
    String origin = "classpath:" + modelResource;
    loadEngine(engine, config);
    HuggingFaceTokenizer tokenizer;
    try (InputStream tokenizerIn = resource(tokenizerResource, expected)) {
      tokenizer = HuggingFaceTokenizer.newInstance(tokenizerIn, tokenizerOptions(config));
    } catch (EmbeddingException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new EmbeddingException(
          "tokenizer classpath:" + tokenizerResource
              + ": expected a HuggingFace tokenizer.json, but it could not be read: "
              + e.getMessage(), e);
    }
    Model model = Model.newInstance(config.modelName(), engine.djlName());
    try (InputStream modelIn = resource(modelResource, expected)) {
      model.load(modelIn, modelOptions);
    } catch (EmbeddingException e) {
      model.close();
      tokenizer.close();
      throw e;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      tokenizer.close();
      throw new EmbeddingException(
          "model " + origin + ": expected " + describe(engine) + ", but " + engine.djlName()
              + " could not load it: " + e.getMessage(), e);
    }
    return withInputs(model, tokenizer, engine, origin);
  }

  private static LoadedModel loadFromUrl(
      ModelSource.Url url,
      EmbeddingEngine engine,
      DjlEmbedderConfig config,
      Map<String, String> modelOptions) {
    String origin = url.uri().toString();
    loadEngine(engine, config);
    Criteria.Builder<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelUrls(origin)
            .optEngine(engine.djlName())
            .optTranslator(new NoopTranslator());
    modelOptions.forEach(criteria::optOption);
    ZooModel<NDList, NDList> model;
    try {
      model = criteria.build().loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw new EmbeddingException(
          "model url " + origin + ": expected a " + engine.djlName() + " model DJL can load"
              + (ai.djl.util.Utils.isOfflineMode()
                  ? " (note: ai.djl.offline=true forbids downloads)"
                  : "")
              + ", but loading failed: " + e.getMessage(), e);
    }
    Path tokenizerFile = model.getModelPath().resolve(TOKENIZER_FILE);
    if (!Files.isRegularFile(tokenizerFile)) {
      model.close();
      throw new EmbeddingException(
          "model url " + origin + ": expected the model's HuggingFace tokenizer at "
              + tokenizerFile + ", not found");
    }
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer = tokenizer(tokenizerFile, config, origin);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return withInputs(model, tokenizer, engine, origin);
  }

  private static Path requireDirectoryLayout(Path directory, EmbeddingEngine engine) {
    if (!Files.exists(directory)) {
      throw new EmbeddingException(
          "model directory " + directory + ": expected a directory holding " + TOKENIZER_FILE
              + " and " + describe(engine) + ", but it does not exist"
              + " (semcache's scripts/provision-model.sh writes one for PyTorch)");
    }
    if (!Files.isDirectory(directory)) {
      throw new EmbeddingException(
          "model directory " + directory + ": expected a directory holding " + TOKENIZER_FILE
              + " and " + describe(engine) + ", but it is a file");
    }
    Path tokenizerFile = directory.resolve(TOKENIZER_FILE);
    if (!Files.isRegularFile(tokenizerFile)) {
      throw new EmbeddingException(
          "model directory " + directory + ": expected the model's HuggingFace tokenizer at "
              + tokenizerFile + ", not found");
    }
    return tokenizerFile;
  }

  private static Path requireModelFile(Path directory, EmbeddingEngine engine,
      Quantization quantization) {
    List<Path> candidates = modelFileCandidates(directory, engine, quantization);
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new EmbeddingException(
        "model directory " + directory + ": expected " + describe(engine) + " named "
            + candidates.stream()
                .map(p -> p.getFileName().toString())
                .collect(Collectors.joining(" or "))
            + ", found none"
            + (quantization == Quantization.NONE ? otherModelFilesHint(directory, engine)
                : " (quantization " + quantization + "; semcache's scripts/provision-model.sh"
                    + " writes it beside model.pt)"));
  }

  /** model.pt, or DIRNAME.pt; with a quantization, its suffix before the extension. */
  static List<Path> modelFileCandidates(Path directory, EmbeddingEngine engine,
      Quantization quantization) {
    String file = quantization.fileSuffix() + engine.fileExtension();
    List<Path> candidates = new ArrayList<>();
    candidates.add(directory.resolve("model" + file));
    Path name = directory.getFileName();
    if (name != null && !name.toString().equals("model")) {
      candidates.add(directory.resolve(name + file));
    }
    return candidates;
  }

  private static String otherModelFilesHint(Path directory, EmbeddingEngine engine) {
    for (EmbeddingEngine other : EmbeddingEngine.values()) {
      if (other == engine) {
        continue;
      }
      try (Stream<Path> files = Files.list(directory)) {
        if (files.anyMatch(f -> f.getFileName().toString().endsWith(other.fileExtension()))) {
          return " (it holds a " + other.fileExtension() + " file: use engine " + other + ")";
        }
      } catch (IOException e) {
        return "";
      }
    }
    return "";
  }

  private static String describe(EmbeddingEngine engine) {
    return engine == EmbeddingEngine.PYTORCH ? "a TorchScript model file" : "an ONNX model file";
  }

  private static void loadEngine(EmbeddingEngine engine, DjlEmbedderConfig config) {
    try {
      Engine.getEngine(engine.djlName());
    } catch (RuntimeException | LinkageError e) {
      throw new EmbeddingException(
          "engine " + engine.djlName() + ": expected its native library to load (from the"
              + " engine's Maven artifacts on the classpath), but it failed: " + e.getMessage(),
          e);
    }
    if (engine == EmbeddingEngine.PYTORCH && config.intraOpThreads() > 0) {
      // libtorch has one intra-op thread pool per process.
      JniUtils.setNumThreads(config.intraOpThreads());
      LOG.info("PyTorch intra-op threads set to {} (process-wide)", config.intraOpThreads());
    }
  }

  private static Map<String, String> modelOptions(DjlEmbedderConfig config) {
    Map<String, String> options = new HashMap<>();
    if (config.engine() == EmbeddingEngine.PYTORCH) {
      options.put("mapLocation", "true");
    } else if (config.intraOpThreads() > 0) {
      options.put("intraOpNumThreads", Integer.toString(config.intraOpThreads()));
    }
    return options;
  }

  /**
   * Tokenizer settings are explicit so that every source cuts at the configured window, whatever
   * its {@code tokenizer.json} says (langchain4j's file truncates and pads to 128). Padding is off:
   * {@link TokenizedBatch} pads each forward pass to its own longest row.
   */
  static Map<String, String> tokenizerOptions(DjlEmbedderConfig config) {
    Map<String, String> options = new HashMap<>();
    options.put("addSpecialTokens", "true");
    options.put("truncation", "true");
    options.put("padding", "false");
    options.put("maxLength", Integer.toString(config.maxLength()));
    options.put("modelMaxLength", Integer.toString(DjlEmbedderConfig.MAX_WINDOW));
    return options;
  }

  private static HuggingFaceTokenizer tokenizer(
      Path tokenizerFile, DjlEmbedderConfig config, String origin) {
    try {
      return HuggingFaceTokenizer.newInstance(tokenizerFile, tokenizerOptions(config));
    } catch (IOException | RuntimeException e) {
      throw new EmbeddingException(
          "tokenizer " + tokenizerFile + " (for " + origin
              + "): expected a HuggingFace tokenizer.json, but it could not be read: "
              + e.getMessage(), e);
    }
  }

  private static LoadedModel withInputs(
      Model model, HuggingFaceTokenizer tokenizer, EmbeddingEngine engine, String origin) {
    List<String> inputs;
    if (engine == EmbeddingEngine.PYTORCH) {
      // TorchScript modules take positional inputs; the layout DJL's converter and
      // scripts/provision-model.sh both trace is (input_ids, attention_mask).
      inputs = List.of(PoolingTranslator.INPUT_IDS, PoolingTranslator.ATTENTION_MASK);
    } else {
      PairList<String, Shape> described = model.describeInput();
      inputs = described == null ? List.of() : described.keys();
      List<String> unsupported =
          inputs.stream().filter(n -> !SUPPORTED_INPUTS.contains(n)).collect(Collectors.toList());
      if (inputs.isEmpty() || !unsupported.isEmpty() || !inputs.contains("input_ids")) {
        model.close();
        tokenizer.close();
        throw new EmbeddingException(
            "model " + origin + ": expected inputs input_ids and optionally attention_mask,"
                + " token_type_ids, got " + inputs);
      }
    }
    return new LoadedModel(model, tokenizer, inputs, origin);
  }

  private static InputStream resource(String name, String expected) {
    @Nullable ClassLoader loader = Thread.currentThread().getContextClassLoader();
    InputStream in = loader == null ? null : loader.getResourceAsStream(name);
    if (in == null) {
      in = ModelLoader.class.getClassLoader().getResourceAsStream(name);
    }
    if (in == null) {
      throw new EmbeddingException(
          "classpath resource " + name + ": expected " + expected + ", not found");
    }
    return in;
  }
}
