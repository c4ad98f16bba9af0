package io.semcache.core;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor a cache owns when the application gives it none: the {@code *Async} methods embed
 * and wait on the backend (up to its request timeout), which is blocking work that must not run on
 * {@link java.util.concurrent.ForkJoinPool#commonPool()} (on a small machine a single thread that
 * Caffeine and every {@code CompletableFuture} rely on).
 *
 * <p>Bounded: a few daemon threads per core, started on demand and ended when idle, and a bounded
 * queue. A task that finds the queue full, or the cache closed, runs on the thread that submitted
 * it: back-pressure instead of unbounded memory, and a load that completes after {@code close()}
 * still releases the callers waiting for it.
 */
final class CacheExecutor {

  private static final int THREADS_PER_CORE = 2;
  private static final int MIN_THREADS = 4;
  private static final int QUEUE_CAPACITY = 4_096;
  private static final long IDLE_SECONDS = 30;

  private CacheExecutor() {}

  static ThreadPoolExecutor create(String cacheName) {
    int threads = Math.max(MIN_THREADS,
        THREADS_PER_CORE * Runtime.getRuntime().availableProcessors());
    AtomicInteger created = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY), task -> {
          Thread thread = new Thread(task,
              threadNamePrefix(cacheName) + created.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        }, (task, pool) -> task.run());
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /** Threads of the cache named {@code cacheName} start with this. */
  static String threadNamePrefix(String cacheName) {
    return "semcache-" + cacheName + "-async-";
  }
}
