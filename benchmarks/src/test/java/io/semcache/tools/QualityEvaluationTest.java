package io.semcache.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.SemanticCache;
import io.semcache.memory.MemorySemanticCache;
import io.semcache.testing.TestEmbedder;
import io.semcache.tools.QualityEvaluation.CacheRow;
import io.semcache.tools.QualityEvaluation.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both measurements on five pairs whose similarities are set by hand and checked by hand. */
class QualityEvaluationTest {

  private final TestEmbedder embedder = new TestEmbedder();

  @Test
  void measuresPairsAndCacheAsTheDataReadmeDefines() {
    embedder.define("a1", embedder.axis(0));
    embedder.define("b1", embedder.vectorWithCosine(0, 1, 0.95));
    embedder.define("a2", embedder.axis(5));
    embedder.define("b2", embedder.vectorWithCosine(5, 6, 0.85));
    embedder.define("a3", embedder.axis(10));
    embedder.define("b3", embedder.vectorWithCosine(10, 11, 0.92));
    embedder.define("b4", embedder.axis(20));
    List<LabeledPair> pairs = List.of(
        new LabeledPair("a1", "b1", true),    // close duplicate
        new LabeledPair("a2", "b2", true),    // duplicate at 0.85
        new LabeledPair("a3", "b3", false),   // close non-duplicate: a false hit at 0.9
        new LabeledPair("a1", "b4", false),   // far non-duplicate
        new LabeledPair("a3", "a1", false));  // b is also an a: its own entry is left out
    QualityEvaluation evaluation = QualityEvaluation.embed(pairs, embedder, 2, 2,
        Verification.none(), done -> { });

    try (SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
        .verifiers(java.util.List.of(QualityEvaluation.probe())).meterRegistry(new SimpleMeterRegistry()).build()) {
      evaluation.lookUpInCache(cache, done -> { });
      // The left-out entry is back afterwards.
      assertThat(cache.lookup(CacheKey.of(QualityEvaluation.PARTITION, "a1")).isHit()).isTrue();
    }

    Row at90 = evaluation.at(0.90);
    assertThat(at90.pairPrecision()).isEqualTo(0.5);  // TP b1, FP b3
    assertThat(at90.pairRecall()).isEqualTo(0.5);     // b2 missed
    CacheRow cache90 = at90.cache();
    assertThat(cache90.hits()).isEqualTo(2);
    assertThat(cache90.hitPrecision()).isEqualTo(0.5);
    assertThat(cache90.duplicateRecall()).isEqualTo(0.5);
    assertThat(cache90.falseHitRate()).isCloseTo(1 / 3.0, within(1e-9));

    CacheRow cache80 = evaluation.at(0.80).cache();
    assertThat(cache80.hits()).isEqualTo(3);
    assertThat(cache80.hitPrecision()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(cache80.duplicateRecall()).isEqualTo(1.0);
    assertThat(cache80.falseHitRate()).isCloseTo(1 / 3.0, within(1e-9));

    // Positives 0.95, 0.85 against negatives 0.92, 0, 0: five of six orderings right.
    assertThat(evaluation.rocAuc()).isCloseTo(5 / 6.0, within(1e-9));
    assertThat(evaluation.sweep(0.80, 0.90, 0.05)).extracting(Row::threshold)
        .containsExactly(0.80, 0.85, 0.90);
  }

  /**
   * A text with no letter, digit or symbol ("?", as in one QQP row) is blank to the cache, which
   * never embeds or matches it: its pairs are left out of the measurement instead of failing the
   * whole run (Java's isBlank let "?" through to the embedder, which refused it).
   */
  @Test
  void pairsWithABlankSideAreLeftOutInsteadOfFailingTheRun() {
    embedder.define("a1", embedder.axis(0));
    embedder.define("b1", embedder.vectorWithCosine(0, 1, 0.95));
    embedder.define("b2", embedder.vectorWithCosine(0, 2, 0.50));
    List<LabeledPair> pairs = List.of(
        new LabeledPair("a1", "b1", true),
        new LabeledPair("a1", "?", true),
        new LabeledPair("...", "b2", false),
        new LabeledPair("a1", "b2", false));
    QualityEvaluation evaluation = QualityEvaluation.embed(pairs, embedder, 2, 2,
        Verification.none(), done -> { });
    assertThat(evaluation.pairCount()).isEqualTo(2);
    assertThat(evaluation.distinctTextCount()).isEqualTo(3);
    Row at0 = evaluation.at(0.0);
    assertThat(at0.pairRecall()).isEqualTo(1.0);
    assertThat(at0.pairPrecision()).isEqualTo(0.5);
  }
}
