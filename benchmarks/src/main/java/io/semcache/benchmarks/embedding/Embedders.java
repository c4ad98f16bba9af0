package io.semcache.benchmarks.embedding;

import io.semcache.embedding.DjlEmbedderConfig;
import io.semcache.embedding.DjlSentenceEmbedder;
import io.semcache.embedding.EmbeddingEngine;
import io.semcache.embedding.Quantization;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real all-MiniLM-L6-v2 embedder on either engine, for the model benchmarks. */
final class Embedders {

  /** Overrides the PyTorch model's location, as in the embedding module's tests. */
  static final String MODEL_DIR_PROPERTY = "semcache.model.dir";

  private Embedders() {}

  /**
   * An embedder on {@code engine}: PyTorch from the provisioned TorchScript directory, OnnxRuntime
   * from the ONNX model bundled on the classpath. The memo is off (the default), so every call runs
   * the model.
   *
   * @param intraOpThreads threads per inference; 0 is the engine's default (one per core)
   * @param poolSize predictors, i.e. calls that can run at once
   */
  static DjlSentenceEmbedder create(EmbeddingEngine engine, int intraOpThreads, int poolSize) {
    return create(engine, Quantization.NONE, intraOpThreads, poolSize);
  }

  /**
   * {@link #create(EmbeddingEngine, int, int)} with a quantization of the PyTorch model directory
   * ({@link Quantization#INT8}: its {@code model-int8.pt}).
   */
  static DjlSentenceEmbedder create(EmbeddingEngine engine, Quantization quantization,
      int intraOpThreads, int poolSize) {
    DjlEmbedderConfig.Builder config = DjlEmbedderConfig.builder()
        .engine(engine)
        .intraOpThreads(intraOpThreads)
        .poolSize(poolSize)
        .quantization(quantization);
    if (engine == EmbeddingEngine.PYTORCH) {
      config.modelDirectory(pytorchModelDirectory());
    } else {
      config.bundledOnnxModel();
    }
    return DjlSentenceEmbedder.create(config.build());
  }

  /**
   * {@code -Dsemcache.model.dir}, else {@code ${SEMCACHE_CACHE_DIR:-~/.cache/semcache}/models/
   * all-MiniLM-L6-v2-pytorch}.
   *
   * @throws IllegalStateException if the directory has no model.pt (with the command that makes it)
   */
  static Path pytorchModelDirectory() {
    String configured = System.getProperty(MODEL_DIR_PROPERTY);
    Path directory;
    if (configured != null && !configured.isBlank()) {
      directory = Path.of(configured);
    } else {
      String cacheDir = System.getenv("SEMCACHE_CACHE_DIR");
      Path base = cacheDir != null && !cacheDir.isBlank()
          ? Path.of(cacheDir) : Path.of(System.getProperty("user.home"), ".cache", "semcache");
      directory = base.resolve("models").resolve("all-MiniLM-L6-v2-pytorch");
    }
    if (!Files.isRegularFile(directory.resolve("model.pt"))) {
      throw new IllegalStateException("no PyTorch model at " + directory + "; run"
          + " scripts/provision-model.sh, or pass -jvmArgsAppend -D" + MODEL_DIR_PROPERTY
          + "=<directory>");
    }
    return directory;
  }
}
