package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.Embedding;
import java.util.List;

/** Compares embeddings with sentence-transformers' reference vectors and prints min and mean. */
final class ParityReport {

  private ParityReport() {}

  static void assertParity(
      String label,
      List<ModelFixture.ReferenceSentence> references,
      List<Embedding> embeddings,
      double minCosine) {
    assertThat(embeddings).hasSameSizeAs(references);
    double min = 1;
    double sum = 0;
    String worst = "";
    for (int i = 0; i < references.size(); i++) {
      double cosine = ModelFixture.cosine(embeddings.get(i).toArray(), references.get(i).vector());
      sum += cosine;
      if (cosine < min) {
        min = cosine;
        worst = references.get(i).text();
      }
    }
    System.out.printf(
        "parity %s vs sentence-transformers over %d sentences: min cosine %.9f (1 - min = %.2e),"
            + " mean %.9f%n",
        label, references.size(), min, 1 - min, sum / references.size());
    assertThat(min)
        .as("lowest cosine (%s), for: %s", label, worst)
        .isGreaterThanOrEqualTo(minCosine);
  }
}
