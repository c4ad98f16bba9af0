package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.Embedding;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DJL on PyTorch against sentence-transformers itself, on the provisioned reference sentences. */
class PyTorchParityTest {

  private static final double MIN_COSINE = 0.9999;

  private static List<ModelFixture.ReferenceSentence> references;
  private static DjlSentenceEmbedder embedder;

  @BeforeAll
  static void load() {
    references = ModelFixture.referenceSentences();
    embedder =
        DjlSentenceEmbedder.create(
            DjlEmbedderConfig.builder()
                .modelDirectory(ModelFixture.pytorchModelDirectory())
                .build());
  }

  @AfterAll
  static void close() {
    if (embedder != null) {
      embedder.close();
    }
  }

  @Test
  void referenceSetIsLargeAndIncludesTextsBeyondTheWindow() {
    assertThat(references).hasSizeGreaterThanOrEqualTo(300);
    assertThat(references).anyMatch(ModelFixture.ReferenceSentence::truncated);
  }

  @Test
  void batchedVectorsMatchSentenceTransformers() {
    List<Embedding> embeddings =
        embedder.embedAll(references.stream().map(r -> r.text()).collect(Collectors.toList()));
    ParityReport.assertParity("PyTorch embedAll", references, embeddings, MIN_COSINE);
  }

  @Test
  void singleVectorsMatchSentenceTransformers() {
    List<Embedding> embeddings =
        references.stream().map(r -> embedder.embed(r.text())).collect(Collectors.toList());
    ParityReport.assertParity("PyTorch embed", references, embeddings, MIN_COSINE);
  }

  @Test
  void tokenCountsAndTruncationMatchSentenceTransformers() {
    for (ModelFixture.ReferenceSentence reference : references) {
      Embedding embedding = embedder.embed(reference.text());
      assertThat(embedding.tokenCount()).as(reference.text()).isEqualTo(reference.tokens());
      assertThat(embedding.truncated()).as(reference.text()).isEqualTo(reference.truncated());
      assertThat(embedding.unknownTokenCount()).as("unknown tokens of %s", reference.text())
          .isEqualTo(reference.unknownTokens());
    }
    assertThat(references).as("reference texts with unknown tokens")
        .anyMatch(r -> r.unknownTokens() > 0);
  }

  @Test
  void aDifferentWindowBreaksParityOnLongSentencesSoTheComparisonIsSensitive() {
    List<ModelFixture.ReferenceSentence> longOnes =
        references.stream().filter(r -> r.truncated()).collect(Collectors.toList());
    try (DjlSentenceEmbedder narrow =
        DjlSentenceEmbedder.create(
            DjlEmbedderConfig.builder()
                .modelDirectory(ModelFixture.pytorchModelDirectory())
                .maxLength(128)
                .build())) {
      for (ModelFixture.ReferenceSentence reference : longOnes) {
        double cosine = ModelFixture.cosine(narrow.embed(reference.text()).toArray(),
            reference.vector());
        assertThat(cosine).as(reference.text()).isLessThan(MIN_COSINE);
      }
    }
  }

  @Test
  void modelIdNamesTheModelAndTheWindow() {
    assertThat(embedder.modelId()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2@256");
    assertThat(embedder.dimension()).isEqualTo(384);
    assertThat(embedder.embed("hello").modelId()).isEqualTo(embedder.modelId());
  }
}
