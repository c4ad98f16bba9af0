package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DjlEmbedderConfigTest {

  private static final Path DIR = Path.of("/models/minilm");

  @Test
  void defaultsArePyTorchWithSentenceTransformersWindow() {
    DjlEmbedderConfig config = DjlEmbedderConfig.builder().modelDirectory(DIR).build();
    assertThat(config.engine()).isEqualTo(EmbeddingEngine.PYTORCH);
    assertThat(config.source()).isEqualTo(new ModelSource.Directory(DIR));
    assertThat(config.maxLength()).isEqualTo(256);
    assertThat(config.expectedDimension()).isEqualTo(384);
    assertThat(config.maxBatchSize()).isEqualTo(32);
    assertThat(config.memoSize()).isZero();
    assertThat(config.intraOpThreads()).isEqualTo(1);
    assertThat(config.poolSize())
        .isEqualTo(Math.min(64, Runtime.getRuntime().availableProcessors()));
    assertThat(config.modelId()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2@256");
  }

  @Test
  void bundledModelDefaultsToOnnxRuntime() {
    DjlEmbedderConfig config = DjlEmbedderConfig.builder().bundledOnnxModel().build();
    assertThat(config.engine()).isEqualTo(EmbeddingEngine.ONNX_RUNTIME);
    assertThat(config.source()).isInstanceOf(ModelSource.BundledOnnx.class);
  }

  @Test
  void everyOptionIsKept() {
    DjlEmbedderConfig config =
        DjlEmbedderConfig.builder()
            .engine(EmbeddingEngine.ONNX_RUNTIME)
            .modelUrl("file:///models/minilm-onnx/")
            .modelName("my/model")
            .maxLength(128)
            .poolSize(8)
            .maxBatchSize(64)
            .memoSize(1000)
            .expectedDimension(768)
            .intraOpThreads(0)
            .build();
    assertThat(config)
        .isEqualTo(
            new DjlEmbedderConfig(
                EmbeddingEngine.ONNX_RUNTIME,
                new ModelSource.Url(java.net.URI.create("file:///models/minilm-onnx/")),
                "my/model",
                128,
                8,
                64,
                1000,
                768,
                0));
    assertThat(config.modelId()).isEqualTo("my/model@128");
  }

  @Test
  void eachOptionCanBeSetOnlyOnce() {
    assertThatThrownBy(
            () -> DjlEmbedderConfig.builder().maxLength(128).maxLength(256))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxLength: already set to 128");
    assertThatThrownBy(
            () ->
                DjlEmbedderConfig.builder()
                    .engine(EmbeddingEngine.PYTORCH)
                    .engine(EmbeddingEngine.ONNX_RUNTIME))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("engine: already set to PYTORCH");
  }

  @Test
  void exactlyOneModelSource() {
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "model source: expected one of modelDirectory, modelUrl or bundledOnnxModel, got none");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().modelDirectory(DIR).bundledOnnxModel())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("model source: already set to directory " + DIR);
  }

  @Test
  void outOfRangeValuesAreRejectedBySetters() {
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().maxLength(1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLength: expected 4..512 tokens, got 1000");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().poolSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("poolSize: expected 1..64 predictors, got 0");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().memoSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memoSize: expected at least 0 entries, got -1");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().intraOpThreads(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("intraOpThreads: expected 0..1024 (0 = engine default), got -1");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().expectedDimension(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectedDimension: expected at least 1, got 0");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().modelUrl("no scheme"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("modelUrl: expected a URL");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().modelUrl("relative/path"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("modelUrl: expected an absolute URL with a scheme");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().modelDirectory(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("directory");
  }

  @Test
  void constructorReportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                new DjlEmbedderConfig(
                    EmbeddingEngine.PYTORCH, new ModelSource.BundledOnnx(), " ", 2, 0, 1, 0, 384,
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid embedder config (4 problems): ")
        .hasMessageContaining("modelName: expected a non-blank name")
        .hasMessageContaining("maxLength: expected 4..512 tokens, got 2")
        .hasMessageContaining("poolSize: expected 1..64 predictors, got 0")
        .hasMessageContaining("engine: the bundled model is an ONNX file and needs ONNX_RUNTIME,"
            + " got PYTORCH");
  }

  @Test
  void bundledModelWithPyTorchIsRejectedAtBuild() {
    assertThatThrownBy(
            () ->
                DjlEmbedderConfig.builder()
                    .engine(EmbeddingEngine.PYTORCH)
                    .bundledOnnxModel()
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs ONNX_RUNTIME, got PYTORCH");
  }
}
