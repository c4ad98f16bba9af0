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
                Pooling.MEAN,
                "",
                128,
                8,
                64,
                1000,
                768,
                0,
                Quantization.NONE));
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
            "model source: expected one of modelDirectory, modelUrl, bundledOnnxModel or"
                + " classpathModel, got none");
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
                    EmbeddingEngine.PYTORCH, new ModelSource.BundledOnnx(BundledModel.E5_SMALL_V2),
                    " ", Pooling.MEAN, "  ", 2, 0, 1, 0, 384, 0, Quantization.INT8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid embedder config (6 problems): ")
        .hasMessageContaining("quantization: INT8 needs the PyTorch engine and a model directory"
            + " holding model-int8.pt")
        .hasMessageContaining("modelName: expected a non-blank name")
        .hasMessageContaining("prefix: expected text or nothing, got a blank string")
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

  @Test
  void aPresetBringsItsNamePoolingAndPrefix() {
    DjlEmbedderConfig bge =
        DjlEmbedderConfig.builder().bundledOnnxModel(BundledModel.BGE_SMALL_EN_V15).build();
    assertThat(bge.engine()).isEqualTo(EmbeddingEngine.ONNX_RUNTIME);
    assertThat(bge.source()).isEqualTo(new ModelSource.BundledOnnx(BundledModel.BGE_SMALL_EN_V15));
    assertThat(bge.modelName()).isEqualTo("BAAI/bge-small-en-v1.5");
    assertThat(bge.pooling()).isEqualTo(Pooling.CLS);
    assertThat(bge.prefix()).isEmpty();

    DjlEmbedderConfig e5 =
        DjlEmbedderConfig.builder().bundledOnnxModel(BundledModel.E5_SMALL_V2).build();
    assertThat(e5.pooling()).isEqualTo(Pooling.MEAN);
    assertThat(e5.prefix()).isEqualTo("query: ");
    assertThat(e5.modelId()).isEqualTo("intfloat/e5-small-v2[prefix=\"query: \"]@256");
  }

  @Test
  void explicitSettingsOverrideThePresetAndChangeTheModelId() {
    DjlEmbedderConfig config =
        DjlEmbedderConfig.builder()
            .bundledOnnxModel(BundledModel.E5_SMALL_V2)
            .pooling(Pooling.CLS)
            .prefix("passage: ")
            .modelName("my/e5")
            .maxLength(128)
            .build();
    assertThat(config.modelId()).isEqualTo("my/e5[cls,prefix=\"passage: \"]@128");
  }

  @Test
  void aDirectoryOrUrlModelIsMeanPooledWithoutPrefixUnlessSet() {
    DjlEmbedderConfig config = DjlEmbedderConfig.builder().modelDirectory(DIR).build();
    assertThat(config.pooling()).isEqualTo(Pooling.MEAN);
    assertThat(config.prefix()).isEmpty();
    DjlEmbedderConfig cls =
        DjlEmbedderConfig.builder().modelDirectory(DIR).pooling(Pooling.CLS).prefix("q: ").build();
    assertThat(cls.modelId())
        .isEqualTo("sentence-transformers/all-MiniLM-L6-v2[cls,prefix=\"q: \"]@256");
  }

  @Test
  void quotesInAPrefixAreEscapedInTheModelId() {
    DjlEmbedderConfig config =
        DjlEmbedderConfig.builder().modelDirectory(DIR).prefix("say \"x\\\": ").build();
    assertThat(config.modelId())
        .isEqualTo("sentence-transformers/all-MiniLM-L6-v2[prefix=\"say \\\"x\\\\\\\": \"]@256");
  }

  @Test
  void poolingAndPrefixAreCheckedBySetters() {
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().prefix("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("prefix: expected text or nothing, got a blank string");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().prefix("x".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefix: expected at most 256 characters, got 257");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().pooling(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("pooling");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().pooling(Pooling.CLS).pooling(Pooling.MEAN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("pooling: already set to CLS");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().prefix("a: ").prefix("b: "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("prefix: already set to a: ");
  }

  @Test
  void aClasspathModelRunsOnTheEngineItsExtensionNames() {
    DjlEmbedderConfig onnx =
        DjlEmbedderConfig.builder().classpathModel("m/model.onnx", "m/tokenizer.json").build();
    assertThat(onnx.engine()).isEqualTo(EmbeddingEngine.ONNX_RUNTIME);
    DjlEmbedderConfig torch =
        DjlEmbedderConfig.builder().classpathModel("m/model.pt", "m/tokenizer.json").build();
    assertThat(torch.engine()).isEqualTo(EmbeddingEngine.PYTORCH);
    assertThatThrownBy(
            () ->
                DjlEmbedderConfig.builder()
                    .engine(EmbeddingEngine.PYTORCH)
                    .classpathModel("m/model.onnx", "m/tokenizer.json")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "engine: the classpath model m/model.onnx needs ONNX_RUNTIME, got PYTORCH");
    assertThatThrownBy(
            () -> DjlEmbedderConfig.builder().classpathModel("m/model.bin", "m/tokenizer.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("modelResource: expected a name ending in .onnx or .pt, got \"m/model.bin\"");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().classpathModel("m/model.onnx", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tokenizerResource: expected a classpath resource name");
  }

  @Test
  void presetsAreFoundByTheirIds() {
    for (BundledModel model : BundledModel.values()) {
      assertThat(BundledModel.byId(model.id())).contains(model);
      assertThat(model.modelResource()).isEqualTo(model.id() + ".onnx");
      assertThat(model.artifact()).startsWith("dev.langchain4j:langchain4j-embeddings-");
    }
    assertThat(BundledModel.byId("bge-large")).isEmpty();
    assertThat(BundledModel.BGE_SMALL_EN_V15_Q.quantized()).isTrue();
    assertThat(BundledModel.BGE_SMALL_EN_V15.quantized()).isFalse();
  }

  @Test
  void int8IsPartOfTheModelIdAndNeedsAPyTorchDirectory() {
    DjlEmbedderConfig int8 = DjlEmbedderConfig.builder()
        .modelDirectory(java.nio.file.Path.of("/models/minilm"))
        .quantization(Quantization.INT8)
        .build();
    assertThat(int8.quantization()).isEqualTo(Quantization.INT8);
    assertThat(int8.modelId()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2[int8]@256");
    assertThat(DjlEmbedderConfig.builder().modelDirectory(java.nio.file.Path.of("/models/minilm"))
        .build().quantization()).isEqualTo(Quantization.NONE);
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().bundledOnnxModel()
            .quantization(Quantization.INT8).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quantization: INT8 needs the PyTorch engine and a model directory holding"
            + " model-int8.pt (scripts/provision-model.sh writes one), got ONNX_RUNTIME with "
            + new ModelSource.BundledOnnx(BundledModel.ALL_MINILM_L6_V2)
            + "; with OnnxRuntime choose a quantized preset such as bge-small-en-v1.5-q");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().modelUrl("file:///models/minilm/")
            .quantization(Quantization.INT8).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("quantization: INT8 needs the PyTorch engine and a model"
            + " directory");
    assertThatThrownBy(() -> DjlEmbedderConfig.builder().quantization(Quantization.INT8)
            .quantization(Quantization.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("quantization: already set to INT8");
  }
}
