package io.semcache;

import java.time.Duration;

/** Settings and size of a cache, for diagnostics and tests. */
public interface CacheInspector {

  /** The backend's name, also the {@code backend} tag on metrics: {@code memory}, {@code milvus}. */
  String backend();

  /** The embedder's model id, recorded with every entry. */
  String embedderModelId();

  /** The vector dimension. */
  int dimension();

  /** The threshold a lookup in {@code partition} uses when the call does not set one. */
  SimilarityThreshold thresholdFor(Partition partition);

  /** Time to live of entries stored without one. */
  Duration defaultTtl();

  FailureMode failureMode();

  /** Names of the hit verifiers, in the order they run. */
  java.util.List<String> verifierNames();

  /**
   * Live entries, approximately: expired entries that are not yet removed may be counted, and
   * remote backends refresh the figure periodically.
   */
  long estimatedEntryCount();

  /**
   * What a lookup of {@code request} would do now, and why: every candidate at or above {@code
   * floor} with its similarity and each verifier's verdict, the threshold and where it comes from.
   * Read-only: it embeds and searches like a lookup but records no metrics or statistics.
   *
   * @param floor the lowest similarity of the candidates to list (-1 lists all the search
   *     returned)
   * @throws IllegalArgumentException if {@code floor} is outside [-1, 1]
   * @throws CacheUnavailableException if the backend or the embedder fails (whatever the failure
   *     mode: an explanation is not served to users)
   */
  Explanation explain(LookupRequest request, double floor);

  /** {@link #explain(LookupRequest, double)} of a plain lookup, listing candidates from 0.5. */
  default Explanation explain(CacheKey key) {
    return explain(LookupRequest.of(key), 0.5);
  }
}
