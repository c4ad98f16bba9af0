package io.semcache.benchmarks.workload;

import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.SemanticCache;
import java.util.Locale;

/**
 * Recall@1 of a cache's semantic search, measured through the public API: each workload query is
 * looked up with threshold 0, so the cache returns the best candidate its index found, and that
 * agrees with the truth when it is the true nearest entry or scores as high (a tie). The hit rate
 * at the cache's own threshold is reported alongside, from the same queries.
 *
 * @param paraphrase recall@1 over the paraphrase queries (the would-be hits)
 * @param newText recall@1 over the new-text queries (the misses)
 * @param mix recall@1 over all queries
 * @param hitRate share of the queries that hit at the cache's threshold
 * @param queries queries asked
 */
public record Recall(double paraphrase, double newText, double mix, double hitRate, int queries) {

  private static final double TIE = 1e-6;

  /** Asks {@code cache} every query of {@code workload}; {@code truth} from {@link SyntheticWorkload#exactTop1()}. */
  public static Recall measure(SemanticCache cache, SyntheticWorkload workload,
      SyntheticWorkload.Top1[] truth, String modelId) {
    int[] asked = new int[2];
    int[] agreed = new int[2];
    int hits = 0;
    for (int q = 0; q < SyntheticWorkload.QUERIES; q++) {
      int kind = SyntheticWorkload.isParaphrase(q) ? 0 : 1;
      asked[kind]++;
      LookupResult top = cache.lookup(workload.lookup(q, modelId, 0.0));
      if (top instanceof LookupResult.Hit hit
          && (SyntheticWorkload.storedIndexOf(hit.matchedPrompt()) == truth[q].index()
              || hit.similarity() >= truth[q].similarity() - TIE)) {
        agreed[kind]++;
      }
      LookupRequest atThreshold = workload.lookup(q, modelId, -1);
      if (cache.lookup(atThreshold).isHit()) {
        hits++;
      }
    }
    int total = asked[0] + asked[1];
    return new Recall(agreed[0] / (double) asked[0], agreed[1] / (double) asked[1],
        (agreed[0] + agreed[1]) / (double) total, hits / (double) total, total);
  }

  /** One line for the benchmark log, prefixed {@code [recall]} like the index benchmarks'. */
  public String describe(String label) {
    return String.format(Locale.ROOT, "[recall] %s: recall@1 %.4f (paraphrase %.4f, new text %.4f)"
        + " over %d queries; hit rate at the cache's threshold %.3f", label, mix, paraphrase,
        newText, queries, hitRate);
  }
}
