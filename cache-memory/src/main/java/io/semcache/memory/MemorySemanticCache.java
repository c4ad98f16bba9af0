package io.semcache.memory;

import io.semcache.SemanticCache;
import io.semcache.core.SemanticCacheBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Creates in-memory semantic caches, the embedded default. Entries live on the JVM heap in a
 * Caffeine cache bounded by entry count or by estimated bytes, evicted by Caffeine's W-TinyLFU
 * policy (which keeps frequently hit prompts over one-off ones) and expired at their absolute time
 * to live.
 *
 * <pre>{@code
 * SemanticCache cache = MemorySemanticCache.builder()
 *     .embedder(embedder)
 *     .maximumEntries(50_000)
 *     .defaultTtl(Duration.ofHours(6))
 *     .build();
 * }</pre>
 */
public final class MemorySemanticCache {

  /** The bound used when neither {@code maximumEntries} nor {@code maximumWeightBytes} is set. */
  public static final long DEFAULT_MAXIMUM_ENTRIES = 10_000;

  /**
   * Partition size from which semantic search switches from an exact scan to the approximate
   * (HNSW) index, unless {@link Builder#exactSearchLimit} says otherwise.
   */
  public static final int DEFAULT_EXACT_SEARCH_LIMIT = MemoryEntryStore.DEFAULT_EXACT_SEARCH_LIMIT;

  private MemorySemanticCache() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an in-memory cache; see {@link SemanticCacheBuilder} for the shared options. */
  public static final class Builder extends SemanticCacheBuilder<Builder> {
    private @Nullable Long maximumEntries;
    private @Nullable Long maximumWeightBytes;
    private @Nullable Integer exactSearchLimit;

    private Builder() {}

    /**
     * Keeps at most about this many entries, evicting by W-TinyLFU. Cannot be combined with
     * {@link #maximumWeightBytes}.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maximumEntries(long maximumEntries) {
      requireUnset("maximumEntries", this.maximumEntries);
      if (maximumEntries <= 0) {
        throw new IllegalArgumentException(
            "maximumEntries: expected a positive integer, got " + maximumEntries);
      }
      this.maximumEntries = maximumEntries;
      return this;
    }

    /**
     * Keeps the estimated heap footprint of all entries (prompt and response text, vector, fixed
     * overhead; see {@link EntryWeigher}) under this many bytes, evicting by W-TinyLFU. Cannot be
     * combined with {@link #maximumEntries}.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maximumWeightBytes(long maximumWeightBytes) {
      requireUnset("maximumWeightBytes", this.maximumWeightBytes);
      if (maximumWeightBytes <= 0) {
        throw new IllegalArgumentException(
            "maximumWeightBytes: expected a positive number of bytes, got " + maximumWeightBytes);
      }
      this.maximumWeightBytes = maximumWeightBytes;
      return this;
    }

    /**
     * Partitions with at most this many searchable entries are scanned exactly; larger ones use
     * the approximate index. {@value MemoryEntryStore#DEFAULT_EXACT_SEARCH_LIMIT} unless set; 0
     * means always approximate, {@link Integer#MAX_VALUE} always exact.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder exactSearchLimit(int exactSearchLimit) {
      requireUnset("exactSearchLimit", this.exactSearchLimit);
      if (exactSearchLimit < 0) {
        throw new IllegalArgumentException(
            "exactSearchLimit: expected 0 or more entries, got " + exactSearchLimit);
      }
      this.exactSearchLimit = exactSearchLimit;
      return this;
    }

    /**
     * @throws IllegalStateException if no embedder was set, or both bounds were set
     */
    public SemanticCache build() {
      checkBounds();
      requireEmbedder();
      return buildOn(newStore());
    }

    /** The one check between options of this builder: at most one bound. */
    Builder checkBounds() {
      if (maximumEntries != null && maximumWeightBytes != null) {
        throw new IllegalStateException("maximumEntries, maximumWeightBytes: expected at most one"
            + " bound, got both (" + maximumEntries + " entries, " + maximumWeightBytes + " bytes)");
      }
      return this;
    }

    MemoryEntryStore newStore() {
      EntryBound bound = maximumWeightBytes != null
          ? EntryBound.weightBytes(maximumWeightBytes)
          : EntryBound.entries(maximumEntries != null ? maximumEntries : DEFAULT_MAXIMUM_ENTRIES);
      return new MemoryEntryStore(bound,
          exactSearchLimit != null ? exactSearchLimit : DEFAULT_EXACT_SEARCH_LIMIT);
    }

    /** Builds on a given store, so tests can look inside it. */
    SemanticCache buildOn(MemoryEntryStore store) {
      return build(store);
    }
  }
}
