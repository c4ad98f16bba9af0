package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.Embedding;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link BundledModel} presets on OnnxRuntime against sentence-transformers' tokenisation,
 * prompt handling, pooling and normalisation over the same ONNX files
 * ({@code src/test/python/onnx_reference.py} wrote the references). all-MiniLM-L6-v2 is checked
 * against the PyTorch reference by {@link OnnxRuntimeParityTest}.
 */
class BundledModelParityTest {

  /** The same ONNX file on the same onnxruntime version: only float summation order differs. */
  private static final double MIN_COSINE = 0.9999;

  /**
   * An int8 export in a batch: its activations are quantised with one scale per input tensor, so
   * the other rows of the batch move a vector a little (the reference is unbatched).
   */
  private static final double MIN_COSINE_QUANTIZED_BATCH = 0.99;

  @ParameterizedTest
  @EnumSource(value = BundledModel.class, names = "ALL_MINILM_L6_V2",
      mode = EnumSource.Mode.EXCLUDE)
  void vectorsTokenCountsAndTruncationMatchSentenceTransformers(BundledModel model) {
    List<ModelFixture.ReferenceSentence> references = ModelFixture.bundledReferenceSentences(model);
    List<String> texts = references.stream().map(r -> r.text()).collect(Collectors.toList());
    try (DjlSentenceEmbedder embedder = DjlSentenceEmbedder.create(
        DjlEmbedderConfig.builder().bundledOnnxModel(model).poolSize(1).build())) {
      assertThat(embedder.config().engine()).isEqualTo(EmbeddingEngine.ONNX_RUNTIME);
      assertThat(embedder.config().pooling()).isEqualTo(model.pooling());
      assertThat(embedder.config().prefix()).isEqualTo(model.prefix());
      assertThat(embedder.modelId()).startsWith(model.modelName()).endsWith("@256");

      List<Embedding> single = texts.stream().map(embedder::embed).collect(Collectors.toList());
      ParityReport.assertParity(model.id() + " embed", references, single, MIN_COSINE);
      List<Embedding> batched = embedder.embedAll(texts);
      ParityReport.assertParity(model.id() + " embedAll", references, batched,
          model.quantized() ? MIN_COSINE_QUANTIZED_BATCH : MIN_COSINE);
      for (int i = 0; i < references.size(); i++) {
        ModelFixture.ReferenceSentence reference = references.get(i);
        assertThat(single.get(i).tokenCount()).as(reference.text()).isEqualTo(reference.tokens());
        assertThat(single.get(i).truncated()).as(reference.text())
            .isEqualTo(reference.truncated());
        assertThat(batched.get(i).modelId()).isEqualTo(embedder.modelId());
      }
    }
  }

  @Test
  void modelIdsSayPoolingAndPrefix() {
    assertThat(DjlEmbedderConfig.builder().bundledOnnxModel(BundledModel.BGE_SMALL_EN_V15).build()
        .modelId()).isEqualTo("BAAI/bge-small-en-v1.5[cls]@256");
    assertThat(DjlEmbedderConfig.builder().bundledOnnxModel(BundledModel.E5_SMALL_V2_Q).build()
        .modelId()).isEqualTo("intfloat/e5-small-v2-q[prefix=\"query: \"]@256");
  }

  /** Pooling bge-small by the mean gives other vectors: the comparison above can fail. */
  @Test
  void theWrongPoolingFailsParity() {
    BundledModel model = BundledModel.BGE_SMALL_EN_V15_Q;
    List<ModelFixture.ReferenceSentence> references = ModelFixture.bundledReferenceSentences(model);
    try (DjlSentenceEmbedder embedder = DjlSentenceEmbedder.create(
        DjlEmbedderConfig.builder().bundledOnnxModel(model).pooling(Pooling.MEAN).poolSize(1)
            .build())) {
      assertThat(embedder.modelId()).isEqualTo("BAAI/bge-small-en-v1.5-q@256");
      assertThat(minCosine(references, embedder)).isLessThan(0.99);
    }
  }

  /** e5 without its "query: " prefix gives other vectors (and token counts 2 lower). */
  @Test
  void leavingOutThePrefixFailsParity() {
    BundledModel model = BundledModel.E5_SMALL_V2_Q;
    List<ModelFixture.ReferenceSentence> references = ModelFixture.bundledReferenceSentences(model);
    try (DjlSentenceEmbedder embedder = DjlSentenceEmbedder.create(
        DjlEmbedderConfig.builder().bundledOnnxModel(model).prefix("").poolSize(1).build())) {
      assertThat(embedder.modelId()).isEqualTo("intfloat/e5-small-v2-q@256");
      assertThat(minCosine(references, embedder)).isLessThan(0.99);
      ModelFixture.ReferenceSentence first = references.get(0);
      assertThat(embedder.embed(first.text()).tokenCount()).isEqualTo(first.tokens() - 2);
    }
  }

  /** A generic classpath source with the preset's settings is the preset. */
  @Test
  void classpathSourceWithThePresetsSettingsGivesThePresetsVectors() {
    BundledModel model = BundledModel.BGE_SMALL_EN_V15_Q;
    List<String> texts = ModelFixture.bundledReferenceSentences(model).stream()
        .map(r -> r.text()).limit(20).collect(Collectors.toList());
    try (DjlSentenceEmbedder preset = DjlSentenceEmbedder.create(
            DjlEmbedderConfig.builder().bundledOnnxModel(model).poolSize(1).build());
        DjlSentenceEmbedder classpath = DjlSentenceEmbedder.create(
            DjlEmbedderConfig.builder()
                .classpathModel(model.modelResource(), model.tokenizerResource())
                .pooling(Pooling.CLS)
                .modelName(model.modelName())
                .poolSize(1)
                .build())) {
      assertThat(classpath.config().engine()).isEqualTo(EmbeddingEngine.ONNX_RUNTIME);
      assertThat(classpath.modelId()).isEqualTo(preset.modelId());
      List<Embedding> expected = preset.embedAll(texts);
      List<Embedding> actual = classpath.embedAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertThat(actual.get(i).cosine(expected.get(i))).isGreaterThan(0.999999);
      }
    }
  }

  private static double minCosine(
      List<ModelFixture.ReferenceSentence> references, DjlSentenceEmbedder embedder) {
    List<Embedding> embeddings = references.stream().map(r -> embedder.embed(r.text()))
        .collect(Collectors.toList());
    double min = 1;
    for (int i = 0; i < references.size(); i++) {
      min = Math.min(min,
          ModelFixture.cosine(embeddings.get(i).toArray(), references.get(i).vector()));
    }
    return min;
  }
}
