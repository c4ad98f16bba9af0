package io.semcache;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * @param loadedResponse for a get-or-load, the response its loader returned, cut to 500
 *     characters, to compare with {@code cachedResponse}; empty for a lookup, or when the loader
 *     failed
 */
public record ShadowDecision(Partition partition, String query, String candidate,
    double similarity, String cachedResponse, Map<Double, String> outcomes,
    List<Explanation.VerifierVerdict> verdicts, Optional<String> loadedResponse) {

  /** Characters of a response a decision carries. */
  public static final int RESPONSE_SAMPLE_CHARS = 500;

  public ShadowDecision {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(candidate, "candidate");
    cachedResponse = sample(Objects.requireNonNull(cachedResponse, "cachedResponse"));
    outcomes = Map.copyOf(outcomes);
    verdicts = List.copyOf(verdicts);
    loadedResponse = Objects.requireNonNull(loadedResponse, "loadedResponse")
        .map(ShadowDecision::sample);
  }

  /** This decision with the response the get-or-load's loader returned. */
  public ShadowDecision withLoadedResponse(String response) {
    return new ShadowDecision(partition, query, candidate, similarity, cachedResponse, outcomes,
        verdicts, Optional.of(response));
  }

  private static String sample(String response) {
    return response.length() > RESPONSE_SAMPLE_CHARS
        ? response.substring(0, RESPONSE_SAMPLE_CHARS) : response;
  }
}
