package io.semcache.verify;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The signals the acceptance model weighs, computed from the two prompts and their similarity.
 * Each is cheap (a few microseconds for question-sized prompts) and domain-general: similarity,
 * lexical overlap, and what the rule verifiers look for, as soft evidence.
 */
public final class AcceptanceFeatures {

  /** Feature names, in the order of {@link #of}; a model file lists them to be checked. */
  public static final List<String> NAMES = List.of(
      "similarity",
      "similarity_log_distance",
      "token_jaccard",
      "content_jaccard",
      "unmatched_content_log",
      "char_trigram_jaccard",
      "length_ratio",
      "numbers_one_sided",
      "numbers_differ",
      "names_unmatched_log",
      "names_swapped",
      "polarity_flipped",
      "question_word_differs",
      "similarity_x_content_jaccard",
      "rare_unmatched_share",
      "rarest_unmatched",
      "similarity_x_rare_shared_share");

  private static final Set<String> QUESTION_WORDS = Set.of("what", "how", "why", "when",
      "where", "who", "which", "whom", "whose", "can", "should", "is", "are", "do", "does");

  private AcceptanceFeatures() {}

  public static double[] of(PromptText query, PromptText candidate, double similarity,
      TermRarity rarity) {
    double sim = Math.max(-1, Math.min(1, similarity));
    Set<String> tokensA = new HashSet<>(query.tokens());
    Set<String> tokensB = new HashSet<>(candidate.tokens());
    double contentJaccard = jaccard(query.contentStems(), candidate.contentStems());
    int unmatchedContent = symmetricDifference(query.contentStems(), candidate.contentStems());
    int lengthA = query.tokens().size();
    int lengthB = candidate.tokens().size();
    boolean numbersA = !query.numbers().isEmpty();
    boolean numbersB = !candidate.numbers().isEmpty();
    double[] rareUnmatched = rareUnmatched(query, candidate, rarity);
    int unmatchedNames = NameVerifier.unmatched(query.names(), candidate).size()
        + NameVerifier.unmatched(candidate.names(), query).size();
    return new double[] {
        sim,
        -Math.log(Math.max(1e-3, 1 - sim)),
        jaccard(tokensA, tokensB),
        contentJaccard,
        Math.log1p(unmatchedContent),
        jaccard(trigrams(query.original()), trigrams(candidate.original())),
        lengthA == 0 || lengthB == 0 ? 0 : (double) Math.min(lengthA, lengthB)
            / Math.max(lengthA, lengthB),
        numbersA != numbersB ? 1 : 0,
        NumberVerifier.mismatchReason(query, candidate) != null ? 1 : 0,
        Math.log1p(unmatchedNames),
        NameVerifier.swapReason(query, candidate) != null ? 1 : 0,
        PolarityVerifier.flipReason(query, candidate) != null ? 1 : 0,
        questionWordDiffers(query, candidate) ? 1 : 0,
        sim * contentJaccard,
        rareUnmatched[0],
        rareUnmatched[1],
        sim * (1 - rareUnmatched[0])
    };
  }

  /**
   * The rarity-weighted share of stems the prompts do not share, and the rarity of the rarest
   * unshared stem (as a fraction of the largest possible).
   */
  private static double[] rareUnmatched(PromptText a, PromptText b, TermRarity rarity) {
    Set<String> stemsA = new HashSet<>(a.stems());
    Set<String> stemsB = new HashSet<>(b.stems());
    Set<String> all = new HashSet<>(stemsA);
    all.addAll(stemsB);
    double total = 0;
    double unmatched = 0;
    double rarest = 0;
    for (String stem : all) {
      double idf = rarity.idf(stem);
      total += idf;
      if (!(stemsA.contains(stem) && stemsB.contains(stem))) {
        unmatched += idf;
        rarest = Math.max(rarest, idf);
      }
    }
    return new double[] {total == 0 ? 0 : unmatched / total, rarest / rarity.maxIdf()};
  }

  private static boolean questionWordDiffers(PromptText a, PromptText b) {
    String qa = firstQuestionWord(a.tokens());
    String qb = firstQuestionWord(b.tokens());
    return qa != null && qb != null && !qa.equals(qb);
  }

  private static String firstQuestionWord(List<String> tokens) {
    for (int i = 0; i < Math.min(3, tokens.size()); i++) {
      if (QUESTION_WORDS.contains(tokens.get(i))) {
        return tokens.get(i);
      }
    }
    return null;
  }

  private static <T> double jaccard(Set<T> a, Set<T> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1;
    }
    int common = 0;
    for (T x : a) {
      if (b.contains(x)) {
        common++;
      }
    }
    return (double) common / (a.size() + b.size() - common);
  }

  private static <T> int symmetricDifference(Set<T> a, Set<T> b) {
    int common = 0;
    for (T x : a) {
      if (b.contains(x)) {
        common++;
      }
    }
    return a.size() + b.size() - 2 * common;
  }

  private static Set<String> trigrams(String text) {
    String t = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip()
        + " ";
    Set<String> grams = new HashSet<>();
    for (int i = 0; i + 3 <= t.length(); i++) {
      grams.add(t.substring(i, i + 3));
    }
    return grams;
  }
}
