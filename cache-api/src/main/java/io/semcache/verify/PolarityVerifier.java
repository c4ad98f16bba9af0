package io.semcache.verify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a candidate whose polarity is flipped: one prompt negates what the other asserts ("is
 * coffee bad" / "is coffee not bad"), or swaps a word for its antonym ("enable 2FA" / "disable
 * 2FA", "install" / "uninstall"). A negation that cancels an antonym ("not like" / "dislike") is
 * no flip.
 */
public final class PolarityVerifier extends PromptRule {

  public static final String NAME = "polarity";

  public PolarityVerifier() {
    super(NAME, PolarityVerifier::flipReason);
  }

  /** Why the two prompts have opposite polarity, or null when they do not. */
  public static @Nullable String flipReason(PromptText query, PromptText candidate) {
    boolean negationDiffers = query.negations() % 2 != candidate.negations() % 2;
    String antonyms = antonymSwap(query.stems(), candidate.stems());
    if (antonyms == null) {
      // Stems can hide a prefix ("hide" keeps its e, "unhid" loses it): compare the words too.
      antonyms = antonymSwap(query.tokens(), candidate.tokens());
    }
    if (antonyms != null && negationDiffers) {
      return null; // "not like" / "dislike": two flips cancel
    }
    if (antonyms != null) {
      return "antonyms: " + antonyms;
    }
    if (negationDiffers) {
      return "negation in " + (query.negations() % 2 == 1 ? "the query" : "the candidate")
          + " only";
    }
    return null;
  }

  /**
   * The first pair of antonyms one prompt uses where the other uses the opposite word, as
   * {@code "enable" vs "disable"}; null when there is none.
   */
  static @Nullable String antonymSwap(List<String> query, List<String> candidate) {
    Map<String, Integer> balance = new HashMap<>();
    query.forEach(stem -> balance.merge(stem, 1, Integer::sum));
    candidate.forEach(stem -> balance.merge(stem, -1, Integer::sum));
    for (Map.Entry<String, Integer> onlyInQuery : balance.entrySet()) {
      if (onlyInQuery.getValue() <= 0) {
        continue;
      }
      String word = onlyInQuery.getKey();
      for (Map.Entry<String, Integer> onlyInCandidate : balance.entrySet()) {
        if (onlyInCandidate.getValue() >= 0) {
          continue;
        }
        String other = onlyInCandidate.getKey();
        if (Lexicon.antonymsOf(word).contains(other) || Lexicon.negatedByPrefix(word, other)) {
          return "\"" + word + "\" vs \"" + other + "\"";
        }
      }
    }
    return null;
  }
}
