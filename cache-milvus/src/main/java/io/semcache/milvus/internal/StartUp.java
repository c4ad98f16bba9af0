package io.semcache.milvus.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.semcache.CacheUnavailableException;
import io.semcache.SemanticCacheException;
import io.semcache.milvus.MilvusConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the store from "built" to "serving", also when Milvus is down at build time.
 *
 * <p>The first attempt runs in {@code build()}, bounded by {@code connection.timeout}, so a cache
 * built while Milvus answers serves from its first call. When that attempt cannot reach Milvus:
 *
 * <ul>
 *   <li>fail-closed: the {@link CacheUnavailableException} goes to the caller of {@code build()};
 *   <li>fail-open (the default): the cache starts <b>degraded</b> ({@link State#STARTING}):
 *       lookups are {@code BACKEND_FAILED} misses and stores are {@code DROPPED}, while one
 *       background thread retries the whole start-up (connect, check or create the collection,
 *       load it) with jittered exponential backoff from 1 s to 30 s, and the cache serves once it
 *       succeeds ({@link State#SERVING}).
 * </ul>
 *
 * <p>Anything else is a configuration error, never retried: a collection that does not fit, a
 * missing one that may not be created, refused credentials, an unsupported server. At build it
 * is thrown; seen later by the background thread it moves the store to {@link State#FAILED},
 * logged at ERROR, and every later call fails with that message (fail-open: a {@code
 * BACKEND_FAILED} miss). The state is the gauge {@code semcache.backend.state} (tags {@code
 * backend=milvus}, {@code collection}, {@code cache}: the cache's name): 1 serving, 0 starting, -1 failed. One log line per
 * change of state, never one per retry.
 */
final class StartUp implements AutoCloseable {

  /** Where the store is. */
  enum State {
    STARTING(0), SERVING(1), FAILED(-1);

    final int gaugeValue;

    State(int gaugeValue) {
      this.gaugeValue = gaugeValue;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(StartUp.class);
  private static final long INITIAL_BACKOFF_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long MAX_BACKOFF_NANOS = Duration.ofSeconds(30).toNanos();

  private final MilvusEntryStore store;
  private final MilvusConfig config;
  private final boolean failOpen;
  private final @Nullable MeterRegistry registry;
  private final @Nullable Gauge gauge;
  private volatile State state = State.STARTING;
  private volatile @Nullable RuntimeException lastFailure;
  private volatile @Nullable Thread retrier;
  private volatile boolean closed;

  StartUp(MilvusEntryStore store, MilvusConfig config, boolean failOpen,
      @Nullable MeterRegistry registry, String cacheName) {
    this.store = store;
    this.config = config;
    this.failOpen = failOpen;
    this.registry = registry;
    this.gauge = registry == null ? null
        : Gauge.builder("semcache.backend.state", this, s -> s.state.gaugeValue)
            .description("1 serving, 0 starting (degraded: lookups miss, stores are dropped),"
                + " -1 start-up failed for good")
            .tag("backend", "milvus")
            .tag("collection", config.collection().name())
            .tag("cache", cacheName)
            .register(registry);
  }

  /** The first attempt, on the caller's thread; see the class comment for what follows. */
  void begin() {
    try {
      store.prepare();
      state = State.SERVING;
    } catch (CacheUnavailableException e) {
      if (!failOpen) {
        removeGauge();
        throw e;
      }
      lastFailure = e;
      log.warn("Milvus at {} cannot be reached at start-up ({}); the cache starts degraded:"
          + " lookups miss and stores are dropped until Milvus answers. Connecting in the"
          + " background.", store.endpoint(), e.getMessage());
      Thread thread = new Thread(this::retryUntilServing,
          "semcache-milvus-" + config.collection().name() + "-startup");
      thread.setDaemon(true);
      retrier = thread;
      thread.start();
    } catch (RuntimeException e) {
      removeGauge();
      throw e;
    }
  }

  State state() {
    return state;
  }

  /**
   * Returns when the store serves.
   *
   * @throws CacheUnavailableException while it is starting
   * @throws SemanticCacheException if start-up failed for good (the cause's message)
   */
  void requireServing(String operation) {
    State current = state;
    if (current == State.SERVING) {
      return;
    }
    RuntimeException cause = lastFailure;
    if (current == State.FAILED) {
      throw new SemanticCacheException("Milvus " + operation + " refused: start-up failed: "
          + (cause == null ? "unknown" : cause.getMessage()), cause);
    }
    throw new CacheUnavailableException("Milvus " + operation + " skipped: not connected yet"
        + " (start-up retrying in the background; last failure: "
        + (cause == null ? "none" : cause.getMessage()) + ")");
  }

  private void retryUntilServing() {
    long degradedSince = System.nanoTime();
    for (int attempt = 1; !closed; attempt++) {
      if (!pause(attempt)) {
        return;
      }
      try {
        store.prepare();
        if (closed) {
          return; // close() cleans up what prepare() opened
        }
        state = State.SERVING;
        log.info("Milvus at {} answers; the cache serves now (degraded for {} s, {} attempt(s)"
            + " in the background)", store.endpoint(),
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - degradedSince), attempt);
        return;
      } catch (CacheUnavailableException e) {
        lastFailure = e;
        log.debug("Milvus start-up attempt {} failed; retrying", attempt, e);
      } catch (RuntimeException e) {
        lastFailure = e;
        state = State.FAILED;
        log.error("Milvus start-up failed for good; the cache stays degraded (lookups miss, stores"
            + " are dropped) until this is fixed and the application restarted: {}",
            e.getMessage(), config.development().verboseErrors() ? e : null);
        return;
      }
    }
  }

  private boolean pause(int attempt) {
    long ceiling = Math.min(MAX_BACKOFF_NANOS, INITIAL_BACKOFF_NANOS << Math.min(20, attempt - 1));
    long nanos = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops the background attempts and waits (briefly) for one in flight to end. */
  @Override
  public void close() {
    closed = true;
    Thread thread = retrier;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    removeGauge();
  }

  private void removeGauge() {
    if (registry != null && gauge != null) {
      registry.remove(gauge);
    }
  }
}
