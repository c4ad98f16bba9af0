package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.Embedding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL on OnnxRuntime with the ONNX export bundled in langchain4j's artifact, against
 * sentence-transformers. A different export of the same weights, so the bar is 0.999.
 */
class OnnxRuntimeParityTest {

  private static final double MIN_COSINE = 0.999;

  private static List<ModelFixture.ReferenceSentence> references;
  private static DjlSentenceEmbedder bundled;

  @BeforeAll
  static void load() {
    references = ModelFixture.referenceSentences();
    bundled = DjlSentenceEmbedder.create(DjlEmbedderConfig.builder().bundledOnnxModel().build());
  }

  @AfterAll
  static void close() {
    if (bundled != null) {
      bundled.close();
    }
  }

  @Test
  void bundledModelRunsOnOnnxRuntimeWithTheSameWindowAsSentenceTransformers() {
    assertThat(bundled.config().engine()).isEqualTo(EmbeddingEngine.ONNX_RUNTIME);
    assertThat(bundled.modelId()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2@256");
  }

  @Test
  void batchedVectorsMatchSentenceTransformers() {
    List<Embedding> embeddings = bundled.embedAll(texts());
    ParityReport.assertParity("OnnxRuntime embedAll", references, embeddings, MIN_COSINE);
  }

  @Test
  void singleVectorsMatchSentenceTransformers() {
    List<Embedding> embeddings =
        references.stream().map(r -> bundled.embed(r.text())).collect(Collectors.toList());
    ParityReport.assertParity("OnnxRuntime embed", references, embeddings, MIN_COSINE);
  }

  @Test
  void tokenCountsAndTruncationMatchSentenceTransformersDespiteThe128TokenTokenizerFile() {
    for (ModelFixture.ReferenceSentence reference : references) {
      Embedding embedding = bundled.embed(reference.text());
      assertThat(embedding.tokenCount()).as(reference.text()).isEqualTo(reference.tokens());
      assertThat(embedding.truncated()).as(reference.text()).isEqualTo(reference.truncated());
      assertThat(embedding.unknownTokenCount()).as("unknown tokens of %s", reference.text())
          .isEqualTo(reference.unknownTokens());
    }
    assertThat(references).as("reference texts with unknown tokens")
        .anyMatch(r -> r.unknownTokens() > 0);
  }

  @Test
  void onnxModelDirectoryGivesTheSameVectorsAsTheBundledModel(@TempDir Path directory)
      throws IOException {
    BundledModel model = BundledModel.ALL_MINILM_L6_V2;
    copyResource(model.modelResource(), directory.resolve("model.onnx"));
    copyResource(model.tokenizerResource(), directory.resolve("tokenizer.json"));
    List<String> sample = texts().subList(0, 40);
    try (DjlSentenceEmbedder fromDirectory =
        DjlSentenceEmbedder.create(
            DjlEmbedderConfig.builder()
                .engine(EmbeddingEngine.ONNX_RUNTIME)
                .modelDirectory(directory)
                .build())) {
      List<Embedding> expected = bundled.embedAll(sample);
      List<Embedding> actual = fromDirectory.embedAll(sample);
      for (int i = 0; i < sample.size(); i++) {
        assertThat(actual.get(i).cosine(expected.get(i))).isGreaterThan(0.999999);
      }
    }
  }

  private static List<String> texts() {
    return references.stream().map(r -> r.text()).collect(Collectors.toList());
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = OnnxRuntimeParityTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as("classpath resource %s", name).isNotNull();
      Files.copy(in, target);
    }
  }
}
