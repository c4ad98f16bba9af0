package io.semcache;

/**
 * An immutable snapshot of a cache's counters since it was built. Take two snapshots and {@link
 * #minus} them for the activity in between.
 *
 * @param exactHitCount lookups answered by identical prompt text
 * @param semanticHitCount lookups answered by a semantically close prompt
 * @param missCount lookups that missed, for any {@link MissReason}
 * @param loadCount loader calls made by get-or-load
 * @param loadFailureCount loader calls that threw or returned null, and streamed loads whose stream
 *     failed or was cancelled by every reader
 * @param joinedLoadCount get-or-load calls that waited for another call's load
 * @param storeCount entries written
 * @param storeRefusedCount stores not written, for any reason other than STORED
 * @param evictionCount entries removed to respect a size or weight bound
 * @param expirationCount entries removed because their time to live passed
 * @param errorCount backend and embedder failures, of lookups and stores alike
 */
public record CacheStats(
    long exactHitCount,
    long semanticHitCount,
    long missCount,
    long loadCount,
    long loadFailureCount,
    long joinedLoadCount,
    long storeCount,
    long storeRefusedCount,
    long evictionCount,
    long expirationCount,
    long errorCount) {

  private static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** @throws IllegalArgumentException if any count is negative */
  public CacheStats {
    long[] counts = {exactHitCount, semanticHitCount, missCount, loadCount, loadFailureCount,
        joinedLoadCount, storeCount, storeRefusedCount, evictionCount, expirationCount, errorCount};
    for (long count : counts) {
      if (count < 0) {
        throw new IllegalArgumentException("counts: expected non-negative values, got " + count);
      }
    }
  }

  public static CacheStats empty() {
    return EMPTY;
  }

  public long hitCount() {
    return exactHitCount + semanticHitCount;
  }

  public long lookupCount() {
    return hitCount() + missCount;
  }

  /** Hits over lookups; 1.0 when there were no lookups (as Caffeine does). */
  public double hitRate() {
    long lookups = lookupCount();
    return lookups == 0 ? 1.0 : (double) hitCount() / lookups;
  }

  public double missRate() {
    long lookups = lookupCount();
    return lookups == 0 ? 0.0 : (double) missCount / lookups;
  }

  /** The counts of {@code this} plus {@code other}. */
  public CacheStats plus(CacheStats other) {
    return new CacheStats(
        exactHitCount + other.exactHitCount,
        semanticHitCount + other.semanticHitCount,
        missCount + other.missCount,
        loadCount + other.loadCount,
        loadFailureCount + other.loadFailureCount,
        joinedLoadCount + other.joinedLoadCount,
        storeCount + other.storeCount,
        storeRefusedCount + other.storeRefusedCount,
        evictionCount + other.evictionCount,
        expirationCount + other.expirationCount,
        errorCount + other.errorCount);
  }

  /** The counts of {@code this} minus {@code other}, floored at zero. */
  public CacheStats minus(CacheStats other) {
    return new CacheStats(
        Math.max(0, exactHitCount - other.exactHitCount),
        Math.max(0, semanticHitCount - other.semanticHitCount),
        Math.max(0, missCount - other.missCount),
        Math.max(0, loadCount - other.loadCount),
        Math.max(0, loadFailureCount - other.loadFailureCount),
        Math.max(0, joinedLoadCount - other.joinedLoadCount),
        Math.max(0, storeCount - other.storeCount),
        Math.max(0, storeRefusedCount - other.storeRefusedCount),
        Math.max(0, evictionCount - other.evictionCount),
        Math.max(0, expirationCount - other.expirationCount),
        Math.max(0, errorCount - other.errorCount));
  }
}
