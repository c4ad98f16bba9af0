package io.semcache.milvus.internal;

import io.milvus.v2.client.MilvusClientV2;
import io.semcache.CacheUnavailableException;
import io.semcache.SemanticCacheException;
import io.semcache.milvus.MilvusConfig;
import io.semcache.milvus.internal.ConnectConfigs.Purpose;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call to Milvus goes through here: bounded by our own deadline, gated by the circuit
 * breaker, retried when it is a write, and made on a client that is rebuilt when the breaker's
 * probe finds Milvus back.
 *
 * <p><b>Our own deadline.</b> The SDK's {@code rpcDeadlineMs} bounds one RPC attempt, not a call:
 * a client that is not ready waits for readiness, a supplied client may have no deadline at all,
 * and one of the SDK's connect-time RPCs has none. So each call runs on a worker thread and the
 * caller waits at most {@code connection.request_timeout}; a call still running then is
 * interrupted, which cancels its gRPC call and frees the worker.
 *
 * <p><b>Fresh client after an outage.</b> A gRPC channel that kept failing backs off its
 * reconnects exponentially (1 s × 1.6ⁿ), so a reused client can take 3–13 s to notice that Milvus
 * is back. The half-open probe therefore connects a new client and, if it answers, swaps it in and
 * closes the old one. Failures of calls still running on the old client are not counted. A
 * supplied client cannot be rebuilt; it is probed as it is.
 */
public final class MilvusCalls implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MilvusCalls.class);

  /** Threads waiting on Milvus at once; beyond that, calls fail fast instead of queueing. */
  static final int MAX_CALLS_IN_FLIGHT = 256;

  /** A client and the generation it belongs to; failures of older generations do not count. */
  private record Connection(MilvusClientV2 client, long generation) {}

  private final MilvusClients clients;
  private final Duration requestTimeout;
  private final Duration setupTimeout;
  private final int maxAttempts;
  private final long initialBackoffNanos;
  private final long maxBackoffNanos;
  private final boolean verboseErrors;
  private final CircuitBreaker breaker;
  private final ThreadPoolExecutor workers;
  private final Function<MilvusClientV2, ?> healthCheck;
  private volatile @Nullable Connection connection;
  private volatile boolean closed;

  /**
   * @param healthCheck a cheap call that succeeds only when the collection can serve lookups; the
   *     breaker's probe runs it on a candidate client
   */
  public MilvusCalls(MilvusClients clients, MilvusConfig config,
      Function<MilvusClientV2, ?> healthCheck, LongSupplier nanoTime) {
    this.clients = clients;
    this.requestTimeout = config.connection().requestTimeout();
    this.setupTimeout = config.connection().connectTimeout();
    this.maxAttempts = config.connection().retry().maxAttempts();
    this.initialBackoffNanos = config.connection().retry().initialBackoff().toNanos();
    this.maxBackoffNanos = config.connection().retry().maxBackoff().toNanos();
    this.verboseErrors = config.development().verboseErrors();
    this.breaker = new CircuitBreaker(config.connection().circuitBreaker().failureThreshold(),
        config.connection().circuitBreaker().openDuration(), nanoTime);
    this.healthCheck = healthCheck;
    AtomicInteger threads = new AtomicInteger();
    String prefix = "semcache-milvus-" + config.collection().name() + "-call-";
    this.workers = new ThreadPoolExecutor(0, MAX_CALLS_IN_FLIGHT, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, prefix + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Connects the client for lookups and stores, within {@code connection.timeout}.
   *
   * @throws CacheUnavailableException if Milvus cannot be reached in time
   */
  public void connect() {
    MilvusClientV2 client = clients.connect(Purpose.DATA, setupTimeout, workers);
    synchronized (this) {
      connection = new Connection(client, 0);
    }
  }

  /** A client for start-up calls: a separate one with longer deadlines, or the supplied one. */
  public MilvusClientV2 connectForSetup() {
    return clients.connect(Purpose.SETUP, setupTimeout, workers);
  }

  /** Closes a client from {@link #connectForSetup()} (never the supplied one). */
  public void releaseSetupClient(MilvusClientV2 client) {
    clients.release(client);
  }

  /** Where Milvus is, for messages (never with credentials). */
  public String endpoint() {
    return clients.endpoint();
  }

  public CircuitBreaker.State breakerState() {
    return breaker.state();
  }

  /**
   * A lookup: one attempt within {@code request_timeout}, never retried.
   *
   * @throws CircuitOpenException without calling, while the breaker is open
   * @throws CacheUnavailableException on timeouts and RPC failures
   * @throws SemanticCacheException when Milvus answered with an error
   */
  public <T> T read(String operation, Function<MilvusClientV2, T> call) {
    Connection current = acquire(operation);
    return attempt(operation, current, call, requestTimeout, true);
  }

  /**
   * A write (store, delete, sweep): like {@link #read}, but a timeout or RPC failure is retried
   * with jittered exponential backoff, up to {@code connection.retry.max_attempts} in all. Every
   * write of the backend is idempotent (upsert by id, delete by id or filter), so a retry after a
   * timeout that did reach Milvus is harmless.
   *
   * @throws CircuitOpenException without calling, while the breaker is open (also when it opens
   *     between attempts)
   */
  public <T> T write(String operation, Function<MilvusClientV2, T> call) {
    for (int attempt = 1; ; attempt++) {
      Connection current = acquire(operation);
      try {
        return attempt(operation, current, call, requestTimeout, true);
      } catch (CacheUnavailableException e) {
        if (attempt >= maxAttempts || e instanceof CircuitOpenException) {
          throw e;
        }
        backOff(attempt, e);
      }
    }
  }

  /**
   * A start-up call on {@code client}: retried like a write, each attempt within {@code
   * connection.timeout}; not gated by the breaker (start-up either works or fails the build).
   */
  public <T> T setup(String operation, MilvusClientV2 client, Function<MilvusClientV2, T> call) {
    Connection setup = new Connection(client, -1);
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(operation, setup, call, setupTimeout, false);
      } catch (CacheUnavailableException e) {
        if (attempt >= maxAttempts) {
          throw e;
        }
        backOff(attempt, e);
      }
    }
  }

  private Connection acquire(String operation) {
    if (closed) {
      throw new CacheUnavailableException("Milvus " + operation + " refused: the store is closed");
    }
    Connection current = connection;
    if (current == null) {
      throw new IllegalStateException("Milvus " + operation + " before connect()");
    }
    if (breaker.allowsCalls()) {
      return current;
    }
    if (breaker.tryStartProbe()) {
      try {
        workers.execute(this::probe);
      } catch (RejectedExecutionException e) {
        breaker.probeFailed();
      }
    }
    throw MilvusErrors.circuitOpen(operation);
  }

  private <T> T attempt(String operation, Connection on, Function<MilvusClientV2, T> call,
      Duration timeout, boolean countsForBreaker) {
    Future<T> future;
    try {
      future = workers.submit(() -> call.apply(on.client()));
    } catch (RejectedExecutionException e) {
      throw new CacheUnavailableException(workers.isShutdown()
          ? "Milvus " + operation + " refused: the store is closed"
          : "Milvus " + operation + " refused: " + MAX_CALLS_IN_FLIGHT + " calls already waiting"
              + " for Milvus", e);
    }
    try {
      T result = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (countsForBreaker) {
        succeeded(on);
      }
      return result;
    } catch (TimeoutException e) {
      future.cancel(true); // interrupts the worker, which cancels its gRPC call
      CacheUnavailableException timedOut = MilvusErrors.timedOut(operation, timeout);
      if (countsForBreaker) {
        failed(on, timedOut);
      }
      throw timedOut;
    } catch (ExecutionException e) {
      SemanticCacheException failure = MilvusErrors.translate(operation, e.getCause(),
          clients.credentialSource());
      if (countsForBreaker) {
        failed(on, failure);
      }
      throw failure;
    } catch (CancellationException e) {
      throw new CacheUnavailableException("Milvus " + operation + " cancelled: the store is closed",
          e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new CacheUnavailableException("interrupted while waiting for Milvus " + operation, e);
    }
  }

  private void succeeded(Connection on) {
    if (isCurrent(on)) {
      breaker.recordSuccess();
    }
  }

  private void failed(Connection on, SemanticCacheException failure) {
    if (isCurrent(on) && breaker.recordFailure()) {
      String message = "Milvus at " + clients.endpoint() + " failed "
          + breaker.failureThreshold() + " time(s) in a row; circuit breaker opened: lookups miss and stores are dropped"
          + " until a probe finds Milvus answering. Last failure: " + failure.getMessage();
      if (verboseErrors) {
        log.warn(message, failure);
      } else {
        log.warn(message);
      }
    }
  }

  private boolean isCurrent(Connection on) {
    Connection current = connection;
    return current != null && current.generation() == on.generation();
  }

  /** The half-open probe: a fresh client (when ours) that must answer the health check. */
  private void probe() {
    MilvusClientV2 candidate = null;
    boolean rebuild = clients.owned();
    try {
      Connection current = connection;
      if (current == null) {
        return;
      }
      candidate = rebuild ? clients.connect(Purpose.PROBE, requestTimeout, workers)
          : current.client();
      attempt("probe", new Connection(candidate, -1), healthCheck, requestTimeout, false);
      MilvusClientV2 replaced = null;
      synchronized (this) {
        if (closed) {
          replaced = rebuild ? candidate : null;
        } else if (rebuild) {
          replaced = connection == null ? null : connection.client();
          connection = new Connection(candidate, current.generation() + 1);
        }
      }
      candidate = null;
      breaker.probeSucceeded();
      clients.release(replaced);
      log.info("Milvus at {} answers again; circuit breaker closed{}", clients.endpoint(),
          rebuild ? " with a new client" : "");
    } catch (RuntimeException e) {
      if (rebuild) {
        clients.release(candidate);
      }
      breaker.probeFailed();
      log.debug("Milvus probe failed; circuit breaker stays open", e);
    }
  }

  private void backOff(int failedAttempt, CacheUnavailableException cause) {
    long ceiling = Math.min(maxBackoffNanos,
        initialBackoffNanos << Math.min(20, failedAttempt - 1));
    long nanos = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cause;
    }
  }

  @Override
  public void close() {
    MilvusClientV2 client;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      client = connection == null ? null : connection.client();
    }
    workers.shutdownNow();
    clients.release(client);
  }
}
