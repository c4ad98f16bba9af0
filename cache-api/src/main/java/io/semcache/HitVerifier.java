package io.semcache;

import java.util.ArrayList;
import java.util.List;

/**
 * A check a semantically close candidate must pass before the cache serves it. Cosine similarity
 * alone cannot tell "how to enable 2FA" from "how to disable 2FA" (0.88 with all-MiniLM-L6-v2), so
 * a cache can run a chain of verifiers on each candidate at or above the threshold, best first;
 * the first candidate every verifier accepts is the hit, and a rejected best candidate can give
 * way to an accepted second one. Exact-text hits are not verified.
 *
 * <p>Verifiers run on the lookup path, so they must be fast and thread-safe. A verifier that
 * throws is treated as a rejection (a miss is better than a wrong answer), counted and logged.
 * The cache hands a verifier all of one lookup's remaining candidates at once ({@link
 * #verifyAll}), so that a model can score them in one batch.
 */
public interface HitVerifier {

  /** A short, stable name: the {@code verifier} tag on metrics and the name on rejections. */
  String name();

  /** Accepts or rejects serving {@code candidate}'s response for {@code query}'s prompt. */
  Verdict verify(VerificationInput input);

  /**
   * Decides on several candidates of one lookup (same partition and query), best first; returns
   * one verdict per input, in order. The default calls {@link #verify} on each; a verifier that
   * runs a model overrides it to score them in one forward pass.
   */
  default List<Verdict> verifyAll(List<VerificationInput> inputs) {
    List<Verdict> verdicts = new ArrayList<>(inputs.size());
    for (VerificationInput input : inputs) {
      verdicts.add(verify(input));
    }
    return verdicts;
  }

  /**
   * What a verifier sees.
   *
   * @param partition the lookup's partition (the candidate's too)
   * @param query the prompt being looked up
   * @param candidate the stored prompt whose response would be served
   * @param similarity their cosine similarity
   */
  record VerificationInput(Partition partition, String query, String candidate,
      double similarity) {}

  /**
   * A verifier's decision.
   *
   * @param accepted whether the candidate may be served
   * @param reason why not, for people (empty when accepted)
   */
  record Verdict(boolean accepted, String reason) {
    private static final Verdict ACCEPT = new Verdict(true, "");

    public static Verdict accept() {
      return ACCEPT;
    }

    public static Verdict reject(String reason) {
      return new Verdict(false, reason);
    }
  }
}
