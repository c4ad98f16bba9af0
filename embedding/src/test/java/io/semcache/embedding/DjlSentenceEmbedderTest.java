package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semcache.Embedding;
import io.semcache.EmbeddingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Behaviour of the PyTorch embedder on the real model: window, input checks, memo, threads. */
class DjlSentenceEmbedderTest {

  private static DjlSentenceEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = DjlSentenceEmbedder.create(config().poolSize(3).build());
  }

  @AfterAll
  static void close() {
    if (embedder != null) {
      embedder.close();
    }
  }

  private static DjlEmbedderConfig.Builder config() {
    return DjlEmbedderConfig.builder().modelDirectory(ModelFixture.pytorchModelDirectory());
  }

  /** {@code n} copies of the single-token word "a": n + 2 tokens with [CLS] and [SEP]. */
  private static String words(int n) {
    return String.join(" ", Collections.nCopies(n, "a"));
  }

  @Test
  void textThatFitsTheWindowIsNotTruncated() {
    Embedding exactlyFull = embedder.embed(words(254));
    assertThat(exactlyFull.truncated()).isFalse();
    assertThat(exactlyFull.tokenCount()).isEqualTo(256);

    Embedding shortText = embedder.embed("hello world");
    assertThat(shortText.truncated()).isFalse();
    assertThat(shortText.tokenCount()).isEqualTo(4);
  }

  @Test
  void textLongerThanTheWindowIsCutAndFlagged() {
    Embedding oneTooMany = embedder.embed(words(255));
    assertThat(oneTooMany.truncated()).isTrue();
    assertThat(oneTooMany.tokenCount()).isEqualTo(256);

    Embedding farTooLong = embedder.embedAll(List.of(words(2000), "short")).get(0);
    assertThat(farTooLong.truncated()).isTrue();
    assertThat(farTooLong.tokenCount()).isEqualTo(256);
  }

  @Test
  void longTextsSharingTheirFirstWindowEmbedIdenticallyWhichIsWhyTheFlagExists() {
    String prefix = words(300);
    Embedding a = embedder.embed(prefix + " what is the capital of France?");
    Embedding b = embedder.embed(prefix + " how do I bake sourdough bread?");
    assertThat(a.truncated()).isTrue();
    assertThat(b.truncated()).isTrue();
    assertThat(a.cosine(b)).isGreaterThan(0.99999);
  }

  @Test
  void smallerWindowCutsEarlierAndIsPartOfTheModelId() {
    try (DjlSentenceEmbedder narrow = DjlSentenceEmbedder.create(config().maxLength(128).build())) {
      assertThat(narrow.modelId()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2@128");
      Embedding cut = narrow.embed(words(200));
      assertThat(cut.truncated()).isTrue();
      assertThat(cut.tokenCount()).isEqualTo(128);
      assertThat(embedder.embed(words(200)).truncated()).isFalse();
      assertThat(narrow.embed("hello world").cosine(embedder.embed("hello world")))
          .isGreaterThan(0.99999);
    }
  }

  @Test
  void blankOrEmptyTextIsRejectedNamingTheArgument() {
    assertThatThrownBy(() -> embedder.embed(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text: expected a text with a letter, digit or symbol, got an empty string");
    assertThatThrownBy(() -> embedder.embed(" \t\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text: expected a text with a letter, digit or symbol, got a blank string");
    assertThatThrownBy(() -> embedder.embed("\u00A0\u200B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text: expected a text with a letter, digit or symbol, got a blank string");
    assertThatThrownBy(() -> embedder.embedAll(List.of("fine", "also fine", "  ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("texts[2]: expected a text with a letter, digit or symbol, got a blank string");
    assertThatThrownBy(() -> embedder.embedAll(Arrays.asList("fine", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("texts[1]");
  }

  @Test
  void embedAllKeepsOrderAndEmbedsRepeatsOnce() {
    List<String> texts = List.of("the cat sat", words(40), "the cat sat", "dogs bark", "x");
    List<Embedding> all = embedder.embedAll(texts);
    assertThat(all).hasSize(5);
    assertThat(all.get(2)).isSameAs(all.get(0));
    for (int i = 0; i < texts.size(); i++) {
      assertThat(all.get(i).cosine(embedder.embed(texts.get(i)))).isGreaterThan(0.99999);
    }
    assertThat(embedder.embedAll(List.of())).isEmpty();
  }

  @Test
  void batchesLargerThanMaxBatchSizeAreSplitAndStillMatchSingleCalls() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      texts.add("question number " + i + " about " + words(i % 17 + 1));
    }
    List<Embedding> all = embedder.embedAll(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(all.get(i).cosine(embedder.embed(texts.get(i))))
          .as(texts.get(i))
          .isGreaterThan(0.99999);
    }
  }

  @Test
  void memoReturnsTheRememberedEmbeddingForARepeatedText() {
    try (DjlSentenceEmbedder memoised = DjlSentenceEmbedder.create(config().memoSize(16).build())) {
      Embedding first = memoised.embed("How do I reset my password?");
      assertThat(memoised.embed("How do I reset my password?")).isSameAs(first);
      assertThat(memoised.embedAll(List.of("new text", "How do I reset my password?")).get(1))
          .isSameAs(first);
    }
    Embedding once = embedder.embed("How do I reset my password?");
    Embedding twice = embedder.embed("How do I reset my password?");
    assertThat(twice).isNotSameAs(once).isEqualTo(once);
  }

  @Test
  void concurrentCallersGetTheSameVectorsAsOneCaller() throws Exception {
    List<String> texts =
        ModelFixture.referenceSentences().stream()
            .filter(r -> !r.truncated())
            .limit(48)
            .map(ModelFixture.ReferenceSentence::text)
            .collect(Collectors.toList());
    List<float[]> expectedSingles = new ArrayList<>();
    for (String text : texts) {
      expectedSingles.add(embedder.embed(text).toArray());
    }
    List<Embedding> expectedBatch = embedder.embedAll(texts.subList(0, 16));

    int threads = 6; // more callers than the 3 predictors
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Double>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * 7;
        Callable<Double> caller =
            () -> {
              double worst = 0;
              for (int round = 0; round < 2; round++) {
                for (int k = 0; k < texts.size(); k++) {
                  int i = (k + offset) % texts.size();
                  worst = Math.max(worst, maxDifference(embedder.embed(texts.get(i)).toArray(),
                      expectedSingles.get(i)));
                }
                List<Embedding> batch = embedder.embedAll(texts.subList(0, 16));
                for (int i = 0; i < batch.size(); i++) {
                  worst = Math.max(worst, maxDifference(batch.get(i).toArray(),
                      expectedBatch.get(i).toArray()));
                }
              }
              return worst;
            };
        results.add(pool.submit(caller));
      }
      double worst = 0;
      for (Future<Double> result : results) {
        worst = Math.max(worst, result.get());
      }
      System.out.printf("concurrency: largest component difference vs one caller %.3g%n", worst);
      assertThat(worst).isLessThanOrEqualTo(1e-6);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fileUrlSourceLoadsTheSameModel() {
    String url = ModelFixture.pytorchModelDirectory().toUri().toString();
    try (DjlSentenceEmbedder fromUrl =
        DjlSentenceEmbedder.create(DjlEmbedderConfig.builder().modelUrl(url).build())) {
      assertThat(fromUrl.embed("a cache for LLM prompts").cosine(
              embedder.embed("a cache for LLM prompts")))
          .isGreaterThan(0.999999);
    }
  }

  @Test
  void closedEmbedderRefusesWorkAndClosingTwiceIsHarmless() {
    DjlSentenceEmbedder closing = DjlSentenceEmbedder.create(config().poolSize(1).build());
    closing.embed("still open");
    closing.close();
    closing.close();
    assertThatThrownBy(() -> closing.embed("too late"))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> closing.embedAll(List.of("too late")))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("is closed");
  }

  private static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
