package io.semcache.tools;

import io.semcache.HitVerifier;
import io.semcache.verify.AcceptanceModel;
import io.semcache.verify.PromptText;
import io.semcache.verify.Verifiers;
import java.util.ArrayList;
import java.util.List;
import io.semcache.embedding.CrossEncoderVerifier;
import org.jspecify.annotations.Nullable;

/**
 * The verification being evaluated: the rule verifiers in the cache's chain, and a probability
 * model applied by the evaluation itself (so its cutoff can be varied without looking up again):
 * the acceptance model, or the cross-encoder. With both, the acceptance model is a fixed gate at
 * {@code cutoff} and the cross-encoder's cutoff is the one swept.
 *
 * @param rules whether the rule verifiers ({@link io.semcache.verify.Verifiers#rules()}) run
 * @param model the acceptance model, or null for none
 * @param cutoff the acceptance model's cutoff (the swept one without a cross-encoder)
 * @param crossEncoder the cross-encoder, or null for none
 * @param crossEncoderCutoff its cutoff (the swept one)
 */
record Verification(boolean rules, @Nullable AcceptanceModel model, double cutoff,
    @Nullable CrossEncoderVerifier crossEncoder, double crossEncoderCutoff) {

  /** Below this similarity no threshold of a sweep serves, so the cross-encoder is not run. */
  static final double CROSS_ENCODER_FLOOR = 0.60;

  Verification(boolean rules, @Nullable AcceptanceModel model, double cutoff) {
    this(rules, model, cutoff, null, 0);
  }

  static Verification none() {
    return new Verification(false, null, 0);
  }

  /** The verifiers the evaluated cache runs before the probe. */
  List<HitVerifier> cacheVerifiers() {
    return rules ? Verifiers.rules() : List.of();
  }

  /** The cutoff that {@link #probability} is compared with by default. */
  double sweptCutoff() {
    return crossEncoder != null ? crossEncoderCutoff : cutoff;
  }

  /**
   * Whether a pair passes the fixed part of the verification: the rule verifiers, if they run,
   * and the acceptance model at its cutoff when the cross-encoder is the swept model.
   */
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
    return passesGate(query, candidate, similarity);
  }

  /** The acceptance model as a fixed gate (only when a cross-encoder is the swept model). */
  boolean passesGate(String query, String candidate, double similarity) {
    return crossEncoder == null || model == null
        || model.probability(PromptText.of(query), PromptText.of(candidate), similarity) >= cutoff;
  }

  /** The swept model's probability, or 1 without a model. */
  double probability(String query, String candidate, double similarity) {
    if (crossEncoder != null) {
      return similarity < CROSS_ENCODER_FLOOR ? 0
          : crossEncoder.probabilities(query, List.of(candidate))[0];
    }
    return model == null ? 1.0
        : model.probability(PromptText.of(query), PromptText.of(candidate), similarity);
  }

  /** {@link #probability} for many pairs at once (the cross-encoder batches them). */
  double[] probabilities(List<String> queries, List<String> candidates, double[] similarities) {
    double[] out = new double[queries.size()];
    if (crossEncoder == null) {
      for (int i = 0; i < out.length; i++) {
        out[i] = probability(queries.get(i), candidates.get(i), similarities[i]);
      }
      return out;
    }
    List<Integer> scored = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      if (similarities[i] >= CROSS_ENCODER_FLOOR) {
        scored.add(i);
      }
    }
    double[] p = crossEncoder.probabilities(scored.stream().map(queries::get).toList(),
        scored.stream().map(candidates::get).toList(), 32);
    for (int k = 0; k < p.length; k++) {
      out[scored.get(k)] = p[k];
    }
    return out;
  }

  String describe() {
    List<String> parts = new ArrayList<>();
    if (rules) {
      parts.add("rule verifiers");
    }
    if (model != null) {
      parts.add(String.format(java.util.Locale.ROOT, "acceptance model (cutoff %.2f)", cutoff));
    }
    if (crossEncoder != null) {
      parts.add(String.format(java.util.Locale.ROOT, "cross-encoder (cutoff %.2f)",
          crossEncoderCutoff));
    }
    return parts.isEmpty() ? "none (similarity only)" : String.join(" + ", parts);
  }
}
