package io.semcache;

/** What a cache does when its backend or embedder fails. */
public enum FailureMode {
  /**
   * The default: a failed lookup is a miss ({@link MissReason#BACKEND_FAILED} or {@link
   * MissReason#EMBEDDING_FAILED}), a failed store is reported in its {@link StoreResult}; both are
   * counted and logged, never thrown into the request path.
   */
  FAIL_OPEN,
  /**
   * Every failure of the backend or the embedder throws {@link CacheUnavailableException}; its
   * cause is the original failure (an {@link EmbeddingException} when the embedder failed).
   */
  FAIL_CLOSED
}
