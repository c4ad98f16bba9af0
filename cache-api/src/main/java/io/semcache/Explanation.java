package io.semcache;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a lookup of {@link #key()} would do now, and why: from {@link CacheInspector#explain}. For
 * people asking "why did this not hit?" or "why did it hit that?". Computing it changes nothing:
 * no metrics, no statistics.
 *
 * @param threshold the threshold that applies
 * @param thresholdSource where it comes from: {@code per call}, {@code rule tenant=T model=M},
 *     or {@code cache default}
 * @param candidates every live entry of the partition the search returned at or above the floor,
 *     best first, each with every verifier's verdict
 * @param served the entry a lookup would return; empty on a miss
 * @param match how it would match; empty on a miss
 * @param missReason why a lookup would miss; empty on a hit
 * @param summary one sentence saying the same
 */
public record Explanation(CacheKey key, SimilarityThreshold threshold, String thresholdSource,
    List<Candidate> candidates, Optional<EntryId> served, Optional<MatchKind> match,
    Optional<MissReason> missReason, String summary) {

  public Explanation {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(thresholdSource, "thresholdSource");
    candidates = List.copyOf(candidates);
    Objects.requireNonNull(served, "served");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(missReason, "missReason");
    Objects.requireNonNull(summary, "summary");
  }

  public boolean wouldHit() {
    return served.isPresent();
  }

  /**
   * One stored entry the lookup compared.
   *
   * @param aboveThreshold whether its similarity reaches the threshold
   * @param olderThanMaxAge whether the request's max-age leaves it out
   * @param verdicts each verifier's verdict on it, in chain order (the lookup itself stops at the
   *     first refusal); empty when it is below the threshold or too old
   */
  public record Candidate(EntryId entryId, String prompt, double similarity,
      boolean aboveThreshold, boolean olderThanMaxAge, List<VerifierVerdict> verdicts) {

    public Candidate {
      Objects.requireNonNull(entryId, "entryId");
      Objects.requireNonNull(prompt, "prompt");
      verdicts = List.copyOf(verdicts);
    }

    /** Whether every verifier accepted it (and it is eligible at all). */
    public boolean accepted() {
      return aboveThreshold && !olderThanMaxAge
          && verdicts.stream().allMatch(VerifierVerdict::accepted);
    }
  }

  /** One verifier's verdict on one candidate; {@code reason} is empty when it accepted. */
  public record VerifierVerdict(String verifier, boolean accepted, String reason) {
    public VerifierVerdict {
      Objects.requireNonNull(verifier, "verifier");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
