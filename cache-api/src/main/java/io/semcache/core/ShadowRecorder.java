package io.semcache.core;

import io.semcache.Explanation;
import io.semcache.Partition;
import io.semcache.ShadowDecision;
import io.semcache.ShadowMode;
import io.semcache.SimilarityThreshold;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoredEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Counts what a shadowed lookup would have decided at each of the shadow mode's thresholds, with
 * the verifier chain and by similarity alone. The same rules as a served lookup ({@link
 * CandidateSelection}); every verifier sees every candidate, since a lower threshold reaches
 * candidates the cache's own would not.
 */
final class ShadowRecorder {

  private final ShadowMode mode;
  private final VerifierChain verifiers;
  private final CacheMetrics metrics;
  private final String modelId;
  private final Consumer<RuntimeException> onLogFailure;

  ShadowRecorder(ShadowMode mode, VerifierChain verifiers, CacheMetrics metrics, String modelId,
      Consumer<RuntimeException> onLogFailure) {
    this.onLogFailure = onLogFailure;
    this.mode = mode;
    this.verifiers = verifiers;
    this.metrics = metrics;
    this.modelId = modelId;
  }

  boolean covers(Partition partition) {
    return mode.covers(partition);
  }

  /** The identical prompt is stored: every threshold would have served it. */
  void exact() {
    for (SimilarityThreshold threshold : mode.thresholds()) {
      metrics.shadow(threshold, "chain", "exact");
      metrics.shadow(threshold, "none", "exact");
    }
  }

  /** Nothing could have been served (a prompt only an identical text can hit). */
  void miss() {
    for (SimilarityThreshold threshold : mode.thresholds()) {
      metrics.shadow(threshold, "chain", "miss");
      metrics.shadow(threshold, "none", "miss");
    }
  }

  /**
   * Counts the decisions on {@code found}; the decision for the log goes to {@code deferred} when
   * given (a get-or-load adds its loaded response first), straight to the log otherwise.
   */
  void candidates(Partition partition, String prompt, List<ScoredEntry> found, long nowMillis,
      long notBeforeMillis, @Nullable Consumer<ShadowDecision> deferred) {
    SimilarityThreshold lowest = mode.thresholds().stream()
        .min((a, b) -> Double.compare(a.value(), b.value())).orElseThrow();
    List<ScoredEntry> servable = CandidateSelection.rank(found, partition, modelId, nowMillis,
        lowest, notBeforeMillis).servable();
    List<String> prompts = new ArrayList<>(servable.size());
    double[] similarities = new double[servable.size()];
    for (int i = 0; i < servable.size(); i++) {
      prompts.add(servable.get(i).entry().prompt());
      similarities[i] = servable.get(i).similarity();
    }
    List<List<Explanation.VerifierVerdict>> verdicts =
        verifiers.explainAll(partition, prompt, prompts, similarities);
    Map<Double, String> outcomes = new LinkedHashMap<>();
    for (SimilarityThreshold threshold : mode.thresholds()) {
      boolean any = false;
      boolean accepted = false;
      for (int i = 0; i < servable.size() && !accepted; i++) {
        if (threshold.accepts(similarities[i])) {
          any = true;
          accepted = verdicts.get(i).stream().allMatch(Explanation.VerifierVerdict::accepted);
        }
      }
      String outcome = accepted ? "hit" : any ? "rejected" : "miss";
      metrics.shadow(threshold, "none", any ? "hit" : "miss");
      metrics.shadow(threshold, "chain", outcome);
      outcomes.put(threshold.value(), outcome);
    }
    if (!servable.isEmpty()) {
      StoredEntry best = servable.get(0).entry();
      ShadowDecision decision = new ShadowDecision(partition, prompt, best.prompt(),
          similarities[0], best.response(), outcomes, verdicts.get(0), Optional.empty());
      if (deferred != null) {
        deferred.accept(decision);
      } else {
        log(decision);
      }
    }
  }

  void log(ShadowDecision decision) {
    try {
      mode.decisionLog().record(decision);
    } catch (RuntimeException e) {
      onLogFailure.accept(e);
    }
  }
}
