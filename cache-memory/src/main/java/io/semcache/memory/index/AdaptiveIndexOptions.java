package io.semcache.memory.index;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When an {@linkplain VectorIndexes#adaptive adaptive index} switches between exact search and HNSW.
 *
 * <p>The index starts exact. When a put makes it hold more than {@code hnswAbove} vectors, a graph is
 * built on {@code buildExecutor} while exact search keeps answering; the switch happens once the
 * graph has caught up with the puts and removes made meanwhile. When removals bring it below {@code
 * exactBelow}, it copies the vectors back into exact storage (a fast, synchronous copy). The gap
 * between the two thresholds keeps an index near one size from switching back and forth.
 *
 * @param hnswAbove switch to HNSW when the size exceeds this
 * @param exactBelow switch back to exact search when the size falls below this; less than {@code
 *     hnswAbove}
 * @param hnsw the graph's parameters
 * @param buildExecutor runs graph builds
 */
public record AdaptiveIndexOptions(
    int hnswAbove, int exactBelow, HnswOptions hnsw, Executor buildExecutor) {

  public static final int DEFAULT_HNSW_ABOVE = 20_000;
  public static final int DEFAULT_EXACT_BELOW = 10_000;

  /** Validates the options. */
  public AdaptiveIndexOptions {
    if (hnswAbove < 1) {
      throw new IllegalArgumentException("hnswAbove: expected a positive integer, got " + hnswAbove);
    }
    if (exactBelow < 0 || exactBelow >= hnswAbove) {
      throw new IllegalArgumentException("exactBelow: expected an integer in [0, hnswAbove = "
          + hnswAbove + "), got " + exactBelow);
    }
    Objects.requireNonNull(hnsw, "hnsw");
    Objects.requireNonNull(buildExecutor, "buildExecutor");
  }

  /**
   * HNSW above 20,000 vectors, exact again below 10,000, {@link HnswOptions#defaults()}, builds on
   * {@link #defaultBuildExecutor()}.
   */
  public static AdaptiveIndexOptions defaults() {
    return new AdaptiveIndexOptions(DEFAULT_HNSW_ABOVE, DEFAULT_EXACT_BELOW, HnswOptions.defaults(),
        defaultBuildExecutor());
  }

  /**
   * One daemon thread, shared by all indexes, started on demand and stopped after 30 idle seconds.
   * Not the common fork-join pool: a build takes seconds, and on a small machine that pool has a
   * single thread that Caffeine and {@code CompletableFuture} rely on.
   */
  public static Executor defaultBuildExecutor() {
    return SharedBuildThread.EXECUTOR;
  }

  public AdaptiveIndexOptions withThresholds(int hnswAbove, int exactBelow) {
    return new AdaptiveIndexOptions(hnswAbove, exactBelow, hnsw, buildExecutor);
  }

  public AdaptiveIndexOptions withHnsw(HnswOptions hnsw) {
    return new AdaptiveIndexOptions(hnswAbove, exactBelow, hnsw, buildExecutor);
  }

  public AdaptiveIndexOptions withBuildExecutor(Executor buildExecutor) {
    return new AdaptiveIndexOptions(hnswAbove, exactBelow, hnsw, buildExecutor);
  }

  private static final class SharedBuildThread {
    static final Executor EXECUTOR = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "semcache-vector-index-build");
          thread.setDaemon(true);
          return thread;
        });
  }
}
