package io.semcache.core;

import io.semcache.CacheUnavailableException;
import io.semcache.FailureMode;
import io.semcache.SemanticCache;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cache does when its backend, embedder or a verifier fails: counts it, then either throws
 * ({@link FailureMode#FAIL_CLOSED}, always as {@link CacheUnavailableException} with the failure as
 * its cause) or logs it, at most once per quiet period with the count of those suppressed, and
 * lets the caller carry on as on a miss.
 */
final class FailurePolicy {

  private static final Logger log = LoggerFactory.getLogger(SemanticCache.class);
  private static final Duration QUIET_PERIOD = Duration.ofSeconds(60);

  private final String cacheName;
  private final String backendName;
  private final FailureMode mode;
  private final CacheMetrics metrics;
  private final BurstLogger failureLog;

  FailurePolicy(String cacheName, String backendName, FailureMode mode, CacheMetrics metrics,
      Clock clock) {
    this.cacheName = cacheName;
    this.backendName = backendName;
    this.mode = mode;
    this.metrics = metrics;
    this.failureLog = new BurstLogger(log, clock, QUIET_PERIOD);
  }

  /** A backend call of {@code operation} failed; returns only when failing open. */
  void backendFailed(String operation, RuntimeException e) {
    metrics.error("backend", operation);
    if (mode == FailureMode.FAIL_CLOSED) {
      throw e instanceof CacheUnavailableException cue ? cue
          : new CacheUnavailableException(backendName + " " + operation + " failed", e);
    }
    failureLog.failure("semcache '" + cacheName + "': " + backendName + " " + operation
        + " failed; failing open", e);
  }

  /** Embedding for {@code operation} failed; returns only when failing open. */
  void embeddingFailed(String operation, RuntimeException e) {
    metrics.error("embedding", operation);
    if (mode == FailureMode.FAIL_CLOSED) {
      throw new CacheUnavailableException("semcache '" + cacheName + "': embedding for "
          + operation + " failed: " + e.getMessage(), e);
    }
    failureLog.failure("semcache '" + cacheName + "': embedding for " + operation
        + " failed; failing open", e);
  }

  /** The write policy threw: the store is refused, whatever the failure mode. */
  void policyFailed(RuntimeException e) {
    metrics.error("policy", "store");
    failureLog.failure("semcache '" + cacheName + "': the write policy failed; the store was"
        + " refused", e);
  }

  /** Shadow mode's decision log threw: that decision is dropped, the lookup goes on. */
  void shadowLogFailed(RuntimeException e) {
    metrics.error("shadow_log", "lookup");
    failureLog.failure("semcache '" + cacheName + "': the shadow decision log failed; the"
        + " decision was dropped", e);
  }

  /** A verifier threw: the candidate is refused, whatever the failure mode. */
  void verifierFailed(RuntimeException e) {
    metrics.error("verifier", "lookup");
    failureLog.failure("semcache '" + cacheName + "': a hit verifier failed; the candidate"
        + " was refused", e);
  }
}
