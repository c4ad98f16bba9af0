package io.semcache.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.CacheKey;
import io.semcache.EntryId;
import io.semcache.HitVerifier;
import io.semcache.Partition;
import io.semcache.SimilarityThreshold;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoredEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateSelectionTest {

  private static final long NOW = 1_000_000;
  private static final String MODEL = "test-model";
  private final Partition acme = Partition.of("acme", "gpt");
  private final Partition other = Partition.of("other", "gpt");
  private final SimilarityThreshold threshold = SimilarityThreshold.of(0.8);

  @Test
  void keepsOnlyLiveSearchableEntriesOfThePartitionAndModelBestFirst() {
    List<ScoredEntry> candidates = List.of(
        scored(entry(acme, "low", NOW + 1, true, MODEL), 0.81),
        scored(entry(other, "other partition", NOW + 1, true, MODEL), 0.99),
        scored(entry(acme, "expired", NOW, true, MODEL), 0.98),
        scored(entry(acme, "exact only", NOW + 1, false, MODEL), 0.97),
        scored(entry(acme, "other model", NOW + 1, true, "another-model"), 0.96),
        scored(entry(acme, "high", NOW + 1, true, MODEL), 0.9));

    CandidateSelection.Ranked ranked =
        CandidateSelection.rank(candidates, acme, MODEL, NOW, threshold, Long.MIN_VALUE);

    assertThat(ranked.servable()).extracting(c -> c.entry().prompt())
        .containsExactly("high", "low");
    assertThat(ranked.bestSimilarity()).isEqualTo(0.9);
  }

  @Test
  void theBestSimilarityCountsCandidatesBelowTheThresholdAndIsNaNWithoutAny() {
    CandidateSelection.Ranked below = CandidateSelection.rank(
        List.of(scored(entry(acme, "near", NOW + 1, true, MODEL), 0.7)), acme, MODEL, NOW,
        threshold, Long.MIN_VALUE);
    CandidateSelection.Ranked none = CandidateSelection.rank(
        List.of(scored(entry(other, "elsewhere", NOW + 1, true, MODEL), 0.95)), acme, MODEL, NOW,
        threshold, Long.MIN_VALUE);

    assertThat(below.servable()).isEmpty();
    assertThat(below.bestSimilarity()).isEqualTo(0.7);
    assertThat(none.servable()).isEmpty();
    assertThat(none.bestSimilarity()).isNaN();
  }

  @Test
  void similaritiesOutsideMinusOneToOneAreClampedBeforeTheThreshold() {
    CandidateSelection.Ranked ranked = CandidateSelection.rank(
        List.of(scored(entry(acme, "rounding", NOW + 1, true, MODEL), 1.0000004)), acme, MODEL,
        NOW, SimilarityThreshold.of(1.0), Long.MIN_VALUE);

    assertThat(ranked.servable()).singleElement()
        .satisfies(c -> assertThat(c.similarity()).isEqualTo(1.0));
  }

  @Test
  void candidatesOlderThanTheMaxAgeAreLeftOutAndCounted() {
    StoredEntry old = new StoredEntry(EntryId.of(CacheKey.of(acme, "old")), acme, "old", "a",
        new float[] {1, 0}, true, MODEL, 100, NOW + 1);
    StoredEntry fresh = new StoredEntry(EntryId.of(CacheKey.of(acme, "fresh")), acme, "fresh", "a",
        new float[] {1, 0}, true, MODEL, 500, NOW + 1);

    CandidateSelection.Ranked ranked = CandidateSelection.rank(
        List.of(scored(old, 0.99), scored(fresh, 0.85), scored(old, 0.5)), acme, MODEL, NOW,
        threshold, 500);

    assertThat(ranked.servable()).extracting(c -> c.entry().prompt()).containsExactly("fresh");
    assertThat(ranked.tooOld()).as("only the one above the threshold").isEqualTo(1);
    assertThat(ranked.bestSimilarity()).isEqualTo(0.99);
  }

  @Test
  void aRefusedBestCandidateGivesWayToTheNextAndItsRefusalIsReported() {
    List<ScoredEntry> servable = List.of(
        scored(entry(acme, "refuse me", NOW + 1, true, MODEL), 0.95),
        scored(entry(acme, "serve me", NOW + 1, true, MODEL), 0.9),
        scored(entry(acme, "never looked at", NOW + 1, true, MODEL), 0.85));
    List<String> rejected = new ArrayList<>();
    VerifierChain chain = new VerifierChain(List.of(refusing("refuse me")),
        (partition, verifier) -> rejected.add(verifier), e -> { });

    CandidateSelection.Verdict verdict =
        CandidateSelection.verify(chain, acme, "the question", servable);

    assertThat(verdict.accepted()).isEqualTo(1);
    assertThat(verdict.rejections()).singleElement().satisfies(r -> {
      assertThat(r.verifier()).isEqualTo("picky");
      assertThat(r.candidatePrompt()).isEqualTo("refuse me");
      assertThat(r.similarity()).isEqualTo(0.95);
    });
    assertThat(rejected).containsExactly("picky");
  }

  @Test
  void whenEveryCandidateIsRefusedNoneIsAcceptedAndAllRefusalsAreReported() {
    List<ScoredEntry> servable = List.of(
        scored(entry(acme, "refuse me", NOW + 1, true, MODEL), 0.95),
        scored(entry(acme, "refuse me too", NOW + 1, true, MODEL), 0.9));
    VerifierChain chain = new VerifierChain(List.of(refusing("refuse me")), (p, v) -> { },
        e -> { });

    CandidateSelection.Verdict verdict =
        CandidateSelection.verify(chain, acme, "the question", servable);

    assertThat(verdict.accepted()).isEqualTo(-1);
    assertThat(verdict.rejections()).hasSize(2);
  }

  private static HitVerifier refusing(String prefix) {
    return new HitVerifier() {
      @Override
      public String name() {
        return "picky";
      }

      @Override
      public Verdict verify(VerificationInput input) {
        return input.candidate().startsWith(prefix)
            ? Verdict.reject("starts with " + prefix) : Verdict.accept();
      }
    };
  }

  private static StoredEntry entry(Partition partition, String prompt, long expiresAt,
      boolean searchable, String model) {
    return new StoredEntry(EntryId.of(CacheKey.of(partition, prompt)), partition, prompt,
        "answer to " + prompt, searchable ? new float[] {1, 0} : null, searchable, model, 0,
        expiresAt);
  }

  private static ScoredEntry scored(StoredEntry entry, double similarity) {
    return new ScoredEntry(entry, similarity);
  }
}
