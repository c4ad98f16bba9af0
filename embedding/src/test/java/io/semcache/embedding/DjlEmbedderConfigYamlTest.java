package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semcache.config.ConfigException;
import io.semcache.config.ConfigProblem;
import io.semcache.config.YamlConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The router's {@code semantic_cache.embedding} block (no model needed: nothing is loaded). */
class DjlEmbedderConfigYamlTest {

  private static YamlConfig yaml(String text) {
    return YamlConfig.parse(text, "config.yaml", Path.of("/etc/router"),
        Map.of("MODELS", "/srv/models")::get);
  }

  @Test
  void readsTheBlockWithPathsRelativeToTheFile() {
    YamlConfig doc = yaml("""
        semantic_cache:
          embedding:
            engine: pytorch
            model_path: ${MODELS}/all-MiniLM-L6-v2-pytorch
            max_length: 128
            pool_size: 4
        """);
    Optional<DjlEmbedderConfig> config = DjlEmbedderConfig.read(
        doc.root().sectionOrEmpty("semantic_cache").sectionOrEmpty("embedding"));
    doc.requireValid();

    assertThat(config).hasValueSatisfying(c -> {
      assertThat(c.engine()).isEqualTo(EmbeddingEngine.PYTORCH);
      assertThat(c.source()).isEqualTo(
          new ModelSource.Directory(Path.of("/srv/models/all-MiniLM-L6-v2-pytorch")));
      assertThat(c.maxLength()).isEqualTo(128);
      assertThat(c.poolSize()).isEqualTo(4);
      assertThat(c.modelId()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2@128");
    });
  }

  @Test
  void onnxRuntimeWithoutASourceTakesTheBundledModel() {
    YamlConfig doc = yaml("embedding:\n  engine: onnxruntime\n");
    Optional<DjlEmbedderConfig> config =
        DjlEmbedderConfig.read(doc.root().sectionOrEmpty("embedding"));
    doc.requireValid();
    assertThat(config.orElseThrow().source()).isInstanceOf(ModelSource.BundledOnnx.class);
  }

  @Test
  void everyProblemIsReportedWithItsPath() {
    YamlConfig doc = yaml("""
        embedding:
          engine: tensorflow
          max_length: 100000
          model_path: /a
          model_url: djl://x
          colour: blue
        """);
    assertThat(DjlEmbedderConfig.read(doc.root().sectionOrEmpty("embedding"))).isEmpty();
    assertThatThrownBy(doc::requireValid).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
            "embedding.engine", "embedding.max_length", "embedding.colour",
            "embedding.model_url"));
  }

  @Test
  void rangesAreCheckedByTheBuildersSettersAndReportedAtTheirPaths() {
    YamlConfig doc = yaml("""
        embedding:
          bundled_model: e5-small-v2
          max_length: 1000
          pool_size: many
          max_batch_size: 0
        """);
    assertThat(DjlEmbedderConfig.read(doc.root().sectionOrEmpty("embedding"))).isEmpty();
    assertThat(doc.problems()).extracting(ConfigProblem::toString).containsExactly(
        "embedding.max_length: expected 4..512 tokens, got 1000",
        "embedding.pool_size: expected an integer, got \"many\"",
        "embedding.max_batch_size: expected 1..1024 texts, got 0");
  }

  @Test
  void pytorchNeedsAModelSource() {
    YamlConfig doc = yaml("embedding: {}\n");
    assertThat(DjlEmbedderConfig.read(doc.root().sectionOrEmpty("embedding"))).isEmpty();
    assertThatThrownBy(doc::requireValid)
        .hasMessageContaining("embedding.model_path: model source: expected one of"
            + " modelDirectory, modelUrl, bundledOnnxModel or classpathModel, got none");
  }

  @Test
  void aBundledPresetNeedsNoEngineAndBringsItsSettings() {
    YamlConfig doc = yaml("embedding:\n  bundled_model: e5-small-v2\n");
    Optional<DjlEmbedderConfig> config =
        DjlEmbedderConfig.read(doc.root().sectionOrEmpty("embedding"));
    doc.requireValid();
    assertThat(config).hasValueSatisfying(c -> {
      assertThat(c.engine()).isEqualTo(EmbeddingEngine.ONNX_RUNTIME);
      assertThat(c.source()).isEqualTo(new ModelSource.BundledOnnx(BundledModel.E5_SMALL_V2));
      assertThat(c.modelId()).isEqualTo("intfloat/e5-small-v2[prefix=\"query: \"]@256");
    });
  }

  @Test
  void poolingAndPrefixKeysOverrideThePreset() {
    YamlConfig doc = yaml("""
        embedding:
          bundled_model: bge-small-en-v1.5-q
          pooling: mean
          prefix: "query: "
        """);
    Optional<DjlEmbedderConfig> config =
        DjlEmbedderConfig.read(doc.root().sectionOrEmpty("embedding"));
    doc.requireValid();
    assertThat(config).hasValueSatisfying(c -> {
      assertThat(c.pooling()).isEqualTo(Pooling.MEAN);
      assertThat(c.prefix()).isEqualTo("query: ");
      assertThat(c.modelId()).isEqualTo("BAAI/bge-small-en-v1.5-q[prefix=\"query: \"]@256");
    });
  }

  @Test
  void aClasspathModelIsReadFromTwoResourceKeys() {
    YamlConfig doc = yaml("""
        embedding:
          model_resource: models/encoder.onnx
          tokenizer_resource: models/tokenizer.json
          model_name: my/encoder
          pooling: cls
        """);
    Optional<DjlEmbedderConfig> config =
        DjlEmbedderConfig.read(doc.root().sectionOrEmpty("embedding"));
    doc.requireValid();
    assertThat(config).hasValueSatisfying(c -> {
      assertThat(c.engine()).isEqualTo(EmbeddingEngine.ONNX_RUNTIME);
      assertThat(c.source())
          .isEqualTo(new ModelSource.Classpath("models/encoder.onnx", "models/tokenizer.json"));
      assertThat(c.modelId()).isEqualTo("my/encoder[cls]@256");
    });
  }

  @Test
  void badPresetPoolingPrefixAndHalfAClasspathSourceAreAllReported() {
    YamlConfig doc = yaml("""
        embedding:
          bundled_model: bge-large
          pooling: max
          prefix: "   "
          model_resource: models/encoder.onnx
        """);
    assertThat(DjlEmbedderConfig.read(doc.root().sectionOrEmpty("embedding"))).isEmpty();
    assertThatThrownBy(doc::requireValid).isInstanceOfSatisfying(ConfigException.class,
        e -> {
          assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
              "embedding.bundled_model", "embedding.pooling", "embedding.prefix",
              "embedding.tokenizer_resource");
          assertThat(e.getMessage())
              .contains("expected one of all-minilm-l6-v2, bge-small-en-v1.5,")
              .contains("expected one of mean, cls, got \"max\"")
              .contains("expected text or nothing, got a blank string")
              .contains("required with model_resource");
        });
  }

  @Test
  void aPresetWithThePyTorchEngineIsRejected() {
    YamlConfig doc = yaml("embedding:\n  engine: pytorch\n  bundled_model: bge-small-en-v1.5\n");
    assertThat(DjlEmbedderConfig.read(doc.root().sectionOrEmpty("embedding"))).isEmpty();
    assertThatThrownBy(doc::requireValid).hasMessageContaining(
        "embedding.bundled_model: the bundled model is an ONNX file and needs ONNX_RUNTIME,"
            + " got PYTORCH");
  }

  @Test
  void quantizationIsReadAndCheckedAgainstTheSource() {
    YamlConfig doc = yaml("embedding:\n  model_path: /models/minilm\n  quantization: int8\n");
    Optional<DjlEmbedderConfig> config =
        DjlEmbedderConfig.read(doc.root().sectionOrEmpty("embedding"));
    doc.requireValid();
    assertThat(config.orElseThrow().quantization()).isEqualTo(Quantization.INT8);

    YamlConfig misspelt = yaml("embedding:\n  model_path: /m\n  quantization: int4\n");
    assertThat(DjlEmbedderConfig.read(misspelt.root().sectionOrEmpty("embedding"))).isEmpty();
    assertThat(misspelt.problems()).extracting(ConfigProblem::toString).containsExactly(
        "embedding.quantization: expected one of none, int8, got \"int4\"");

    YamlConfig onnx = yaml("embedding:\n  bundled_model: bge-small-en-v1.5\n  quantization: int8\n");
    assertThat(DjlEmbedderConfig.read(onnx.root().sectionOrEmpty("embedding"))).isEmpty();
    assertThatThrownBy(onnx::requireValid).hasMessageContaining(
        "embedding.quantization: INT8 needs the PyTorch engine and a model"
            + " directory holding model-int8.pt");
  }
}
