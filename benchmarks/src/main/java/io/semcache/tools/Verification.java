package io.semcache.tools;

import io.semcache.HitVerifier;
import io.semcache.verify.AcceptanceModel;
import io.semcache.verify.PromptText;
import io.semcache.verify.Verifiers;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The verification being evaluated: the rule verifiers in the cache's chain, and an acceptance
 * model applied by the evaluation itself (so its cutoff can be varied without looking up again).
 *
 * @param rules whether the rule verifiers (polarity, numbers, names) run
 * @param model the acceptance model, or null for none
 * @param cutoff the model's acceptance probability cutoff
 */
record Verification(boolean rules, @Nullable AcceptanceModel model, double cutoff) {

  static Verification none() {
    return new Verification(false, null, 0);
  }

  /** The verifiers the evaluated cache runs before the probe. */
  List<HitVerifier> cacheVerifiers() {
    return rules ? Verifiers.rules() : List.of();
  }

  /** Whether a pair passes the rule verifiers, if they run (the pair measurement). */
  boolean passesRules(String query, String candidate, double similarity) {
    if (rules) {
      for (HitVerifier verifier : Verifiers.rules()) {
        HitVerifier.Verdict verdict = verifier.verify(new HitVerifier.VerificationInput(
            QualityEvaluation.PARTITION, query, candidate, similarity));
        if (!verdict.accepted()) {
          return false;
        }
      }
    }
    return true;
  }

  /** The acceptance model's probability, or 1 without a model. */
  double probability(String query, String candidate, double similarity) {
    return model == null ? 1.0
        : model.probability(PromptText.of(query), PromptText.of(candidate), similarity);
  }

  String describe() {
    List<String> parts = new ArrayList<>();
    if (rules) {
      parts.add("rule verifiers");
    }
    if (model != null) {
      parts.add(String.format(java.util.Locale.ROOT, "acceptance model (cutoff %.2f)", cutoff));
    }
    return parts.isEmpty() ? "none (similarity only)" : String.join(" + ", parts);
  }
}
