package io.semcache.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.Embedder;
import io.semcache.LookupResult;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.memory.MemorySemanticCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adversarial sets (src/test/resources/adversarial-pairs*.tsv, written by people who did not
 * look at the verifiers): pairs that differ by a negation, an antonym, a number or a named thing must never
 * be served for each other at the default settings, and true paraphrases mostly should. Runs the
 * real all-MiniLM-L6-v2 (its ONNX export, bundled on the classpath: the same vectors as the
 * PyTorch model to 1e-12, and no provisioning needed).
 */
class AdversarialPairsTest {

  private static Embedder embedder;

  record Pair(String kind, String query, String cached) {}

  @BeforeAll
  static void loadModel() {
    embedder = BundledModel.embedder();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  /**
   * The defaults end with the cross-encoder when it is provisioned (always on CI: scripts/test.sh
   * provisions it); without it they stop at the acceptance model.
   */
  @Test
  void defaultChainRunsTheCrossEncoderWhenProvisioned() {
    boolean provisioned = new io.semcache.embedding.CrossEncoderProvider().available();
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertThat(provisioned).as("cross-encoder provisioned (scripts/provision-model.sh)").isTrue();
    }
    List<String> names = io.semcache.verify.Verifiers.defaults().stream()
        .map(io.semcache.HitVerifier::name).toList();
    List<String> expected = new ArrayList<>(List.of("polarity", "numbers", "names", "word-order",
        "acceptance-model"));
    if (provisioned) {
      expected.add("cross-encoder");
    }
    assertThat(names).containsExactlyElementsOf(expected);
  }

  /** The set the defaults were chosen on: the targets, exactly. */
  @Test
  void noFlipIsServedAndParaphrasesAre() throws IOException {
    Outcome outcome = run("/adversarial-pairs.tsv");
    assertThat(outcome.pairs()).isGreaterThanOrEqualTo(100);
    assertThat(outcome.flipsServed()).as("flips served at the default settings").isEmpty();
    assertThat(outcome.paraphraseShare()).as("share of paraphrases served")
        .isGreaterThanOrEqualTo(0.90);
  }

  /**
   * A second set, written later by someone who saw neither the first set nor the verifiers, and
   * not used to choose the defaults (its first run did prompt a few general lexicon fixes, listed
   * in the README): it measures how the defaults generalise. The bounds are a regression guard
   * around what was measured at the defaults (with the cross-encoder: 1 flip of 183 served, 63
   * of 82 paraphrases, 62 since its second training stage and cutoff 0.10; before it: 1 flip,
   * 66), not a target.
   */
  @Test
  void heldOutSetStaysWithinWhatWasMeasured() throws IOException {
    Outcome outcome = run("/adversarial-pairs-holdout.tsv");
    assertThat(outcome.flipsServed().size()).as("flips served").isLessThanOrEqualTo(2);
    assertThat(outcome.paraphraseShare()).as("share of paraphrases served")
        .isGreaterThanOrEqualTo(0.75);
  }

  /**
   * A third set, written blind (issue 10) on the kinds the rules could not see: word-order and
   * role swaps, antonyms across parts of speech, one-sided numbers; plus paraphrases. Measure-only
   * at first: at the defaults chosen without it (threshold 0.84, rules, acceptance model 0.6,
   * cross-encoder 0.05) 64 of 156 flips were served and 78 of 102 paraphrases. It stopped being
   * blind when its results were read: the second training stage's order rules and the word-order
   * verifier were written after that, so the set no longer measures generalisation (the fourth
   * set does). Now 11 flips, 79 paraphrases (without the cross-encoder: 23 flips, 80). Issue
   * 10's target (no flip, 90 % of paraphrases) is NOT met; the bounds guard against regression.
   */
  @Test
  void blindThirdSetStaysWithinWhatWasMeasured() throws IOException {
    staysWithinWhatWasMeasured("/adversarial-pairs-blind3.tsv", 11, 0.77, 23, 0.78);
  }

  /**
   * A fourth set, written blind by a helper session that read nothing in the repository (not the
   * verifiers, not the other sets, not the training rules): 175 flips of the issue-10 kinds plus
   * negations, 140 paraphrases, a third of them built on the same structures. Its first run, at
   * the previous defaults (no word-order rule, the stage-1 cross-encoder at 0.05), served 75
   * flips and 90 paraphrases; the stage-2 cross-encoder alone brought that to 71 and 89. The
   * word-order verifier was written after reading that run's served flips, so the figures since
   * (22 flips, 85 paraphrases at the defaults; without the cross-encoder 25 and 93) are not blind
   * for it either: the fifth set measures it. Session 7's capital-"A" fix ("plan A but not plan
   * B"): 21 flips (without the cross-encoder 24). Target NOT met; regression guard only.
   */
  @Test
  void blindFourthSetStaysWithinWhatWasMeasured() throws IOException {
    staysWithinWhatWasMeasured("/adversarial-pairs-blind4.tsv", 21, 0.60, 24, 0.66);
  }

  /**
   * A fifth set, written blind like the fourth, after the word-order verifier and the cutoff
   * 0.10 were chosen: 175 flips (word order, role swaps, antonyms across parts of speech,
   * one-sided numbers, negations), 160 paraphrases, 87 of them on the flips' structures
   * (symmetric pairs, converse comparisons, passives). Measure-only from its first run at those
   * defaults: 34 flips served (word order 7 of 50, role swap 17 of 45, antonym 6 of 30,
   * negation 3 of 20, one-sided number 1 of 30) and 91 of 160 paraphrases; without the
   * cross-encoder 36 flips and 96. The previous defaults (no word-order rule, the stage-1
   * cross-encoder at 0.05) served 102 flips and 95 paraphrases on it. Target NOT met. Its served
   * flips were then read, and the word-order rule learned possessives ("my boss's wife" / "my
   * wife's boss") and words that stemming merges ("http" / "https"): 31 flips since (without
   * the cross-encoder 33), no paraphrase lost; from here on the set is not blind either.
   * Session 7's capital-"A" fix: 30 (without the cross-encoder 32).
   */
  @Test
  void blindFifthSetStaysWithinWhatWasMeasured() throws IOException {
    staysWithinWhatWasMeasured("/adversarial-pairs-blind5.tsv", 30, 0.56, 32, 0.60);
  }

  /**
   * A measure-only set's regression guard: at most the flips, at least the share of paraphrases
   * measured at the defaults, with the cross-encoder when it is provisioned and without it else.
   */
  private void staysWithinWhatWasMeasured(String resource, int flipsWith, double shareWith,
      int flipsWithout, double shareWithout) throws IOException {
    Outcome outcome = run(resource);
    boolean crossEncoder = new io.semcache.embedding.CrossEncoderProvider().available();
    assertThat(outcome.flipsServed().size()).as("flips served")
        .isLessThanOrEqualTo(crossEncoder ? flipsWith : flipsWithout);
    assertThat(outcome.paraphraseShare()).as("share of paraphrases served")
        .isGreaterThanOrEqualTo(crossEncoder ? shareWith : shareWithout);
  }

  record Outcome(int pairs, List<String> flipsServed, double paraphraseShare) {}

  private Outcome run(String resource) throws IOException {
    List<Pair> pairs = read(resource);
    Map<String, int[]> servedByKind = new TreeMap<>(); // kind -> {served, total}
    List<String> flipsServed = new ArrayList<>();
    List<String> paraphrasesRefused = new ArrayList<>();
    try (SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
        .meterRegistry(new SimpleMeterRegistry()).build()) {
      for (int i = 0; i < pairs.size(); i++) {
        Pair pair = pairs.get(i);
        Partition partition = Partition.of("pair-" + i, "any-llm");
        cache.put(CacheKey.of(partition, pair.cached()), "answer to: " + pair.cached());
        LookupResult result = cache.lookup(CacheKey.of(partition, pair.query()));
        int[] counts = servedByKind.computeIfAbsent(pair.kind(), k -> new int[2]);
        counts[1]++;
        if (result.isHit()) {
          counts[0]++;
        }
        String line = String.format("%s %.3f %s | %s | %s", pair.kind(),
            result.bestSimilarity().orElse(Double.NaN), result.isHit() ? "served" : "refused",
            pair.query(), pair.cached());
        if (pair.kind().equals("paraphrase") && !result.isHit()) {
          paraphrasesRefused.add(line + " " + result.rejections());
        } else if (!pair.kind().equals("paraphrase") && result.isHit()) {
          flipsServed.add(line);
        }
      }
    }
    servedByKind.forEach((kind, c) -> System.out.printf("%s %-10s served %3d of %3d%n",
        resource, kind, c[0], c[1]));
    flipsServed.forEach(line -> System.out.println("  served flip: " + line));
    paraphrasesRefused.forEach(line -> System.out.println("  refused paraphrase: " + line));
    int[] paraphrases = servedByKind.get("paraphrase");
    return new Outcome(pairs.size(), flipsServed, (double) paraphrases[0] / paraphrases[1]);
  }

  private static List<Pair> read(String resource) throws IOException {
    try (InputStream in = AdversarialPairsTest.class.getResourceAsStream(resource)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      List<Pair> pairs = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        String[] fields = lines[i].split("\t");
        pairs.add(new Pair(fields[0], fields[1], fields[2]));
      }
      return pairs;
    }
  }
}
