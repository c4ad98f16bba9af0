package io.semcache.core;

import io.semcache.CacheControl;
import io.semcache.CacheKey;
import io.semcache.CacheUnavailableException;
import io.semcache.Embedding;
import io.semcache.EntryId;
import io.semcache.Explanation;
import io.semcache.LookupRequest;
import io.semcache.MatchKind;
import io.semcache.MissReason;
import io.semcache.Partition;
import io.semcache.SimilarityThreshold;
import io.semcache.spi.EntryStore;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoredEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link io.semcache.CacheInspector#explain}: the lookup's steps, with the same rules ({@link
 * CandidateSelection}, the verifier chain, the cache's threshold resolution), and nothing
 * recorded.
 */
final class LookupExplainer {

  private final CoreSemanticCache cache;
  private final EntryStore store;
  private final VerifierChain verifiers;
  private final CacheSettings settings;
  private final String modelId;

  LookupExplainer(CoreSemanticCache cache, EntryStore store, VerifierChain verifiers,
      CacheSettings settings, String modelId) {
    this.cache = cache;
    this.store = store;
    this.verifiers = verifiers;
    this.settings = settings;
    this.modelId = modelId;
  }

  Explanation explain(LookupRequest request, double floor) {
    if (!(floor >= -1 && floor <= 1)) {
      throw new IllegalArgumentException("floor: expected a similarity in [-1, 1], got " + floor);
    }
    CacheKey key = request.key();
    Partition partition = key.partition();
    SimilarityThreshold threshold = cache.thresholdFor(request);
    String source = request.threshold().isPresent() ? "per call"
        : settings.thresholds().sourceFor(partition);
    Report report = new Report(key, threshold, source);
    if (key.isBlank()) {
      return report.miss(MissReason.BLANK_PROMPT, "the prompt is blank; blank prompts are never"
          + " cached");
    }
    CacheControl control = request.cacheControl();
    if (control.noCache()) {
      return report.miss(MissReason.SKIPPED_BY_REQUEST, "the request says no-cache");
    }
    long now = settings.clock().millis();
    long notBefore = control.maxAge().map(age -> CoreSemanticCache.notBefore(now, age))
        .orElse(Long.MIN_VALUE);

    StoredEntry exact = backend("get", () -> store.get(EntryId.of(key), now)).orElse(null);
    boolean exactTooOld = false;
    if (exact != null && CandidateSelection.isLiveEntryOf(exact, partition, modelId, now)
        && exact.prompt().equals(key.prompt())) {
      if (exact.createdAtMillis() >= notBefore) {
        return report.hit(exact.id(), MatchKind.EXACT, "the identical prompt is stored (entry "
            + exact.id().value() + "); served without embedding");
      }
      exactTooOld = true;
    }

    Embedding embedding = request.embedding().orElse(null);
    if (embedding != null) {
      cache.requireCompatible(embedding, "request.embedding");
    } else {
      try {
        embedding = cache.embedUntimed(key.prompt());
      } catch (RuntimeException e) {
        throw new CacheUnavailableException("explain: embedding failed: " + e.getMessage(), e);
      }
    }
    if (!embedding.isComparable()) {
      MissReason reason = exactTooOld ? MissReason.OLDER_THAN_MAX_AGE
          : embedding.truncated() ? MissReason.PROMPT_TRUNCATED : MissReason.PROMPT_UNREPRESENTABLE;
      return report.miss(reason, embedding.truncated()
          ? "the prompt is longer than the embedder's window; only an identical prompt can hit"
          : "the prompt has text the embedder cannot represent (" + embedding.unknownTokenCount()
              + " unknown tokens); only an identical prompt can hit");
    }
    float[] query = embedding.toArray();
    List<ScoredEntry> found = backend("search",
        () -> store.search(partition, query, settings.candidateLimit(), now));
    CandidateSelection.Ranked ranked =
        CandidateSelection.rank(found, partition, modelId, now, threshold, notBefore);

    List<String> prompts = new ArrayList<>();
    double[] similarities = new double[ranked.servable().size()];
    for (int i = 0; i < ranked.servable().size(); i++) {
      prompts.add(ranked.servable().get(i).entry().prompt());
      similarities[i] = ranked.servable().get(i).similarity();
    }
    List<List<Explanation.VerifierVerdict>> verdicts =
        verifiers.explainAll(partition, key.prompt(), prompts, similarities);
    EntryId served = null;
    for (int i = 0; i < ranked.servable().size() && served == null; i++) {
      if (verdicts.get(i).stream().allMatch(Explanation.VerifierVerdict::accepted)) {
        served = ranked.servable().get(i).entry().id();
      }
    }
    report.list(found, floor, threshold, notBefore, now, ranked, verdicts);
    if (served != null) {
      return report.hit(served, MatchKind.SEMANTIC, "entry " + served.value() + " is the best"
          + " candidate at or above " + threshold.value() + " that every verifier accepts");
    }
    if (ranked.servable().isEmpty()) {
      MissReason reason = CandidateSelection.missReason(ranked, exactTooOld);
      return report.miss(reason, switch (reason) {
        case OLDER_THAN_MAX_AGE -> "the entries close enough are older than the request's max-age";
        case NO_CANDIDATE -> "the partition has no live entry to compare";
        default -> "the closest entry (" + ranked.bestSimilarity() + ") is below the threshold "
            + threshold.value() + " (" + source + ")";
      });
    }
    return report.miss(MissReason.REJECTED_BY_VERIFIER, ranked.servable().size()
        + " candidates reach the threshold, and a verifier refused each");
  }

  private static <T> T backend(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (CacheUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheUnavailableException("explain: the backend's " + operation + " failed", e);
    }
  }

  /** The explanation being put together. */
  private final class Report {
    private final CacheKey key;
    private final SimilarityThreshold threshold;
    private final String source;
    private final List<Explanation.Candidate> candidates = new ArrayList<>();

    Report(CacheKey key, SimilarityThreshold threshold, String source) {
      this.key = key;
      this.threshold = threshold;
      this.source = source;
    }

    /** Lists the eligible candidates at or above {@code floor}, best first. */
    void list(List<ScoredEntry> found, double floor, SimilarityThreshold threshold,
        long notBefore, long now, CandidateSelection.Ranked ranked,
        List<List<Explanation.VerifierVerdict>> verdicts) {
      for (ScoredEntry candidate : found) {
        StoredEntry entry = candidate.entry();
        if (!CandidateSelection.isLiveEntryOf(entry, key.partition(), modelId, now)
            || !entry.isSemanticallySearchable()) {
          continue;
        }
        double similarity = Math.max(-1.0, Math.min(1.0, candidate.similarity()));
        if (similarity < floor) {
          continue;
        }
        int servable = indexOf(ranked.servable(), entry.id());
        candidates.add(new Explanation.Candidate(entry.id(), entry.prompt(), similarity,
            threshold.accepts(similarity), entry.createdAtMillis() < notBefore,
            servable < 0 ? List.of() : verdicts.get(servable)));
      }
      candidates.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
    }

    Explanation hit(EntryId served, MatchKind match, String summary) {
      if (settings.shadowMode().covers(key.partition())) {
        return miss(MissReason.SHADOW_MODE, "shadow mode serves nothing in this partition; it"
            + " would have: " + summary);
      }
      return new Explanation(key, threshold, source, candidates, Optional.of(served),
          Optional.of(match), Optional.empty(), summary);
    }

    Explanation miss(MissReason reason, String summary) {
      return new Explanation(key, threshold, source, candidates, Optional.empty(),
          Optional.empty(), Optional.of(reason), summary);
    }

    private int indexOf(List<ScoredEntry> servable, EntryId id) {
      for (int i = 0; i < servable.size(); i++) {
        if (servable.get(i).entry().id().equals(id)) {
          return i;
        }
      }
      return -1;
    }
  }
}
