package io.semcache;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one shadowed lookup would have done, for a {@link ShadowMode.DecisionLog}: the query, the
 * closest candidate the lowest shadow threshold reaches, and each threshold's decision. Written in
 * the labelled-pair shape ({@code a} = {@link #candidate()}, {@code b} = {@link #query()}, {@code
 * duplicate} left for a person to fill in), a log is what the evaluation command reads back into
 * the same precision/recall sweep it prints for pair files.
 *
 * @param cachedResponse the candidate's stored response, cut to 500 characters
 * @param outcomes by threshold value: {@code hit}, {@code rejected} (verifiers refused every
 *     candidate at that threshold) or {@code miss}, with the verifier chain
 * @param verdicts each verifier's verdict on the candidate
 */
public record ShadowDecision(Partition partition, String query, String candidate,
    double similarity, String cachedResponse, Map<Double, String> outcomes,
    List<Explanation.VerifierVerdict> verdicts) {

  public ShadowDecision {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(cachedResponse, "cachedResponse");
    outcomes = Map.copyOf(outcomes);
    verdicts = List.copyOf(verdicts);
  }
}
