package io.semcache;

/** What a cache does when its backend or embedder fails. */
public enum FailureMode {
  /**
   * The default: a failed lookup is a miss ({@link MissReason#BACKEND_FAILED} or {@link
   * MissReason#EMBEDDING_FAILED}), a failed store is reported in its {@link StoreResult}; both are
   * counted and logged, never thrown into the request path.
   */
  FAIL_OPEN,
  /** Failures throw {@link CacheUnavailableException} (or {@link EmbeddingException}). */
  FAIL_CLOSED
}
