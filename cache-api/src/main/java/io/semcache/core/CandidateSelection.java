package io.semcache.core;

import io.semcache.MissReason;
import io.semcache.Partition;
import io.semcache.Rejection;
import io.semcache.SimilarityThreshold;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoredEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a store's candidates a lookup serves: the rules of a semantic hit, apart from how the
 * candidates were found. Pure functions of their arguments.
 */
final class CandidateSelection {

  /**
   * A lookup's candidates that may be served, best first.
   *
   * @param servable the candidates at or above the threshold, best first
   * @param bestSimilarity the best similarity of any eligible candidate, servable or not; NaN when
   *     there was none
   * @param tooOld candidates at or above the threshold left out for being older than the request's
   *     max-age
   */
  record Ranked(List<ScoredEntry> servable, double bestSimilarity, int tooOld) {}

  /**
   * What the verifiers decided.
   *
   * @param accepted the servable candidate to serve, as its index; -1 if every one was refused
   * @param rejections the refusals of the candidates before it, in order
   */
  record Verdict(int accepted, List<Rejection> rejections) {}

  private CandidateSelection() {}

  /**
   * Whether {@code entry} may be served at all in {@code partition}: a store's answer is checked
   * again here, so that a backend's filter is never the only wall between partitions, models and
   * expired entries.
   */
  static boolean isLiveEntryOf(StoredEntry entry, Partition partition, String modelId,
      long nowMillis) {
    return entry.partition().equals(partition) && entry.isLiveAt(nowMillis)
        && entry.modelId().equals(modelId);
  }

  /**
   * Drops the candidates that are not live entries of {@code partition} and {@code modelId} or are
   * stored for exact hits only, clamps similarities to [-1, 1], and keeps those {@code threshold}
   * accepts and that were created at or after {@code notBeforeMillis}, best first (whatever order
   * the store used).
   */
  static Ranked rank(List<ScoredEntry> candidates, Partition partition, String modelId,
      long nowMillis, SimilarityThreshold threshold, long notBeforeMillis) {
    List<ScoredEntry> servable = new ArrayList<>(candidates.size());
    double best = Double.NaN;
    int tooOld = 0;
    for (ScoredEntry candidate : candidates) {
      StoredEntry entry = candidate.entry();
      if (!isLiveEntryOf(entry, partition, modelId, nowMillis)
          || !entry.isSemanticallySearchable()) {
        continue;
      }
      double similarity = Math.max(-1.0, Math.min(1.0, candidate.similarity()));
      if (Double.isNaN(best) || similarity > best) {
        best = similarity;
      }
      if (!threshold.accepts(similarity)) {
        continue;
      }
      if (entry.createdAtMillis() < notBeforeMillis) {
        tooOld++;
      } else {
        servable.add(new ScoredEntry(entry, similarity));
      }
    }
    servable.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
    return new Ranked(List.copyOf(servable), best, tooOld);
  }

  /**
   * Why a lookup with nothing {@linkplain Ranked#servable() servable} misses: entries the max-age
   * left out first (the exact-text one included), then none at all, then none close enough.
   */
  static MissReason missReason(Ranked ranked, boolean exactTooOld) {
    if (exactTooOld || ranked.tooOld() > 0) {
      return MissReason.OLDER_THAN_MAX_AGE;
    }
    return Double.isNaN(ranked.bestSimilarity())
        ? MissReason.NO_CANDIDATE : MissReason.BELOW_THRESHOLD;
  }

  /**
   * Runs {@code verifiers} over the servable candidates, best first, in one pass per verifier (so
   * a model verifier batches them); a refused best candidate gives way to the next.
   */
  static Verdict verify(VerifierChain verifiers, Partition partition, String prompt,
      List<ScoredEntry> servable) {
    List<String> prompts = new ArrayList<>(servable.size());
    double[] similarities = new double[servable.size()];
    for (int i = 0; i < servable.size(); i++) {
      prompts.add(servable.get(i).entry().prompt());
      similarities[i] = servable.get(i).similarity();
    }
    VerifierChain.Outcome outcome = verifiers.checkAll(partition, prompt, prompts, similarities);
    List<Rejection> rejections = new ArrayList<>(outcome.refusals().size());
    for (int i = 0; i < outcome.refusals().size(); i++) {
      VerifierChain.Refusal refusal = outcome.refusals().get(i);
      StoredEntry entry = servable.get(i).entry();
      rejections.add(new Rejection(refusal.verifier(), refusal.reason(), entry.id(),
          entry.prompt(), similarities[i]));
    }
    return new Verdict(outcome.accepted(), List.copyOf(rejections));
  }
}
