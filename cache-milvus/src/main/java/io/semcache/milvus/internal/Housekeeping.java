package io.semcache.milvus.internal;

import io.semcache.milvus.MilvusConfig;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's background work, on one daemon thread, never on a caller's:
 *
 * <ul>
 *   <li><b>Expiry sweep.</b> Deletes rows whose {@code expires_at} has passed, every {@code
 *       data_management.expiry_sweep_interval} ± 20 % (the jitter spreads the sweeps of replicas
 *       sharing the collection; several replicas sweeping is harmless, they delete the same rows).
 *       The count goes to the cache's removal metrics as expirations.
 *   <li><b>Entry count.</b> {@code count(*)} of live rows every {@code
 *       data_management.entry_count_refresh_interval}, so {@code estimatedSize()} costs nothing.
 * </ul>
 *
 * <p>Both skip their turn while the circuit breaker is open (their asking lets the breaker start
 * its probe when one is due, so a cache without traffic still notices Milvus coming back).
 * Failures are logged, never thrown.
 */
final class Housekeeping implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  /** The rows the expiry sweep deleted. */
  private final LongSupplier sweepExpired;
  /** The live rows, counted by Milvus. */
  private final LongSupplier countLive;
  private final long sweepNanos;
  private final long countNanos;
  private final boolean verboseErrors;
  private final ScheduledThreadPoolExecutor scheduler;
  private final AtomicLong liveEntries = new AtomicLong();
  private final AtomicLong countsStarted = new AtomicLong();
  /** The start number of the count {@link #liveEntries} holds; guarded by liveEntries. */
  private long appliedCountStart;

  Housekeeping(MilvusEntryStore store, MilvusConfig config) {
    this(store::sweepExpired, store::countLive, config);
  }

  /** With the store's two operations given; tests give their own. */
  Housekeeping(LongSupplier sweepExpired, LongSupplier countLive, MilvusConfig config) {
    this.sweepExpired = sweepExpired;
    this.countLive = countLive;
    this.sweepNanos = config.dataManagement().expirySweepInterval().toNanos();
    this.countNanos = config.dataManagement().entryCountRefreshInterval().toNanos();
    this.verboseErrors = config.development().verboseErrors();
    this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable,
          "semcache-milvus-" + config.collection().name() + "-housekeeping");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  void start() {
    scheduler.scheduleWithFixedDelay(this::refreshCount, 0, countNanos, TimeUnit.NANOSECONDS);
    scheduleSweep(jittered(sweepNanos));
  }

  /** Runs {@code task} every {@code period} on the same thread; its exceptions are the task's. */
  void every(java.time.Duration period, Runnable task) {
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.debug("Background task failed; it runs again in {}", period, e);
      }
    }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
  }

  long liveEntries() {
    return liveEntries.get();
  }

  private void scheduleSweep(long delayNanos) {
    if (!scheduler.isShutdown()) {
      scheduler.schedule(this::sweep, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void sweep() {
    try {
      long deleted = sweepExpired.getAsLong();
      if (deleted > 0) {
        log.debug("Expiry sweep deleted {} rows", deleted);
      }
    } catch (RuntimeException e) {
      failed("expiry sweep", e);
    } finally {
      scheduleSweep(jittered(sweepNanos));
    }
  }

  /**
   * Counts the live rows. Counts may overlap (the scheduled one and a caller's), and a slow one
   * must not overwrite a figure that a count started after it already set: the later start saw the
   * later state (the count reads at Strong), so only a count started later than the applied one is
   * applied.
   */
  void refreshCount() {
    long started = countsStarted.incrementAndGet();
    try {
      long live = countLive.getAsLong();
      synchronized (liveEntries) {
        if (started > appliedCountStart) {
          appliedCountStart = started;
          liveEntries.set(live);
        }
      }
    } catch (RuntimeException e) {
      failed("entry count", e); // the last figure stays
    }
  }

  private void failed(String task, RuntimeException e) {
    if (e instanceof CircuitOpenException || scheduler.isShutdown()) {
      return; // the breaker's own warning said it all; or the store is closing
    }
    if (verboseErrors) {
      log.warn("Milvus {} failed; will try again", task, e);
    } else {
      log.warn("Milvus {} failed; will try again: {}", task, e.getMessage());
    }
  }

  /** {@code nanos} ± 20 %. */
  private static long jittered(long nanos) {
    long spread = nanos / 5;
    return nanos - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  @Override
  public String toString() {
    return "Housekeeping[sweep every " + Duration.ofNanos(sweepNanos).toMillis() + " ms, count every "
        + Duration.ofNanos(countNanos).toMillis() + " ms]";
  }
}
