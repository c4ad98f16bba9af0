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
}
