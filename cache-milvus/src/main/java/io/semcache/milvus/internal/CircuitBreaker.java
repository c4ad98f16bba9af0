package io.semcache.milvus.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops calling Milvus after {@code failureThreshold} consecutive failures, so an outage costs
 * one fast refusal per call instead of one timeout per call.
 *
 * <p>CLOSED: calls go through; failures are counted, a success resets the count. OPEN: calls are
 * refused; once {@code openDuration} has passed, the first caller to ask starts a probe
 * (HALF_OPEN), and calls are still refused until the probe reports. A successful probe closes the
 * breaker, a failed one opens it for another {@code openDuration}.
 *
 * <p>Elapsed time comes from a nanosecond ticker ({@link System#nanoTime} in production), not
 * from the cache's clock, which tests freeze to control expiry.
 */
public final class CircuitBreaker {

  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final int failureThreshold;
  private final long openNanos;
  private final LongSupplier nanoTime;
  private volatile State state = State.CLOSED;
  private int consecutiveFailures;
  private long openedAtNanos;
  private long openings;

  public CircuitBreaker(int failureThreshold, Duration openDuration, LongSupplier nanoTime) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(
          "failureThreshold: expected a positive integer, got " + failureThreshold);
    }
    this.failureThreshold = failureThreshold;
    this.openNanos = openDuration.toNanos();
    this.nanoTime = nanoTime;
  }

  public int failureThreshold() {
    return failureThreshold;
  }

  public State state() {
    return state;
  }

  /** Whether calls may go to Milvus now. */
  public boolean allowsCalls() {
    return state == State.CLOSED;
  }

  /**
   * Moves OPEN to HALF_OPEN if the cool-down has passed; true for the one caller that did so and
   * must now run the probe.
   */
  public synchronized boolean tryStartProbe() {
    if (state == State.OPEN && nanoTime.getAsLong() - openedAtNanos >= openNanos) {
      state = State.HALF_OPEN;
      return true;
    }
    return false;
  }

  public synchronized void recordSuccess() {
    if (state == State.CLOSED) {
      consecutiveFailures = 0;
    }
  }

  /** Counts a failure; true if it opened the breaker. */
  public synchronized boolean recordFailure() {
    if (state != State.CLOSED) {
      return false;
    }
    consecutiveFailures++;
    if (consecutiveFailures >= failureThreshold) {
      open();
      return true;
    }
    return false;
  }

  public synchronized void probeSucceeded() {
    if (state == State.HALF_OPEN) {
      state = State.CLOSED;
      consecutiveFailures = 0;
    }
  }

  public synchronized void probeFailed() {
    if (state == State.HALF_OPEN) {
      open();
    }
  }

  /** How many times the breaker has opened, for logs and tests. */
  public synchronized long openings() {
    return openings;
  }

  private void open() {
    state = State.OPEN;
    openedAtNanos = nanoTime.getAsLong();
    openings++;
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + state + ", threshold=" + failureThreshold + ", open for "
        + Duration.ofNanos(openNanos).toMillis() + " ms]";
  }
}
