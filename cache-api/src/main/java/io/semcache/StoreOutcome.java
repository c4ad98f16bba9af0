package io.semcache;

/** What happened to a store. Also the {@code outcome} tag of the store counter. */
public enum StoreOutcome {
  /** Written; a lookup by the same client sees it. */
  STORED,
  /** Not written: the prompt is blank. */
  REFUSED_BLANK_PROMPT,
  /**
   * Not written: the entry exceeds what the backend accepts (the memory backend's weight bound, a
   * Milvus field's size; the result's detail names the sizes).
   */
  REFUSED_TOO_LARGE,
  /**
   * Not written: the backend cannot keep part of the entry, so it would come back altered (tags or
   * metadata on a Milvus collection created before they existed); the detail says what.
   */
  REFUSED_UNSUPPORTED,
  /** Not written: the cache's {@link WritePolicy} vetoed it; the detail says why. */
  REFUSED_BY_POLICY,
  /** Not written: the request said {@link CacheControl#noStore() no-store}. */
  SKIPPED_BY_REQUEST,
  /** Not written: the embedder failed. */
  EMBEDDING_FAILED,
  /** Not written: the backend failed or timed out. */
  BACKEND_FAILED,
  /**
   * Not written, or not kept: the backend is unavailable and the write was shed (circuit open,
   * queue full), or its size bound evicted the entry at once.
   */
  DROPPED;

  /** The lower-case tag value used in metrics. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
