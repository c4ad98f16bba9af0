package io.semcache.core;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Logs the first failure of a burst with its stack trace and suppresses the rest until the burst
 * has been quiet for a while, so an outage yields one warning per period instead of one per
 * request. Failures are still counted in metrics one by one.
 */
final class BurstLogger {

  private final Logger log;
  private final Clock clock;
  private final long quietMillis;
  private long lastLoggedMillis = Long.MIN_VALUE;
  private long suppressed;

  BurstLogger(Logger log, Clock clock, Duration quietPeriod) {
    this.log = log;
    this.clock = clock;
    this.quietMillis = quietPeriod.toMillis();
  }

  void failure(String message, Throwable cause) {
    long suppressedBefore;
    synchronized (this) {
      long now = clock.millis();
      if (lastLoggedMillis != Long.MIN_VALUE && now - lastLoggedMillis < quietMillis) {
        suppressed++;
        return;
      }
      lastLoggedMillis = now;
      suppressedBefore = suppressed;
      suppressed = 0;
    }
    if (suppressedBefore > 0) {
      log.warn("{} ({} similar failures in the previous {} s were not logged)", message,
          suppressedBefore, quietMillis / 1000, cause);
    } else {
      log.warn(message, cause);
    }
  }
}
