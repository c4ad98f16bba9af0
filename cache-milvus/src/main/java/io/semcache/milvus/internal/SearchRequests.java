package io.semcache.milvus.internal;

import io.milvus.v2.common.ConsistencyLevel;
import io.semcache.milvus.MilvusConfig;

/** The SDK's names for our configuration values. */
final class SearchRequests {

  private SearchRequests() {}

  static ConsistencyLevel consistencyLevel(MilvusConfig.Consistency consistency) {
    return switch (consistency) {
      case STRONG -> ConsistencyLevel.STRONG;
      case SESSION -> ConsistencyLevel.SESSION;
      case BOUNDED -> ConsistencyLevel.BOUNDED;
      case EVENTUALLY -> ConsistencyLevel.EVENTUALLY;
    };
  }

  /**
   * HNSW's {@code ef}: the configured one, but never below the number of results asked for, which
   * Milvus refuses.
   */
  static int ef(int configuredEf, int limit) {
    return Math.max(configuredEf, limit);
  }
}
