package io.semcache.memory.index;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact search while small, HNSW while large; see {@link AdaptiveIndexOptions} for when it switches.
 *
 * <p>Searches never wait for a switch: they read the active index from a volatile field. Puts and
 * removes share a lock that a switch takes exclusively only for the final swap. While a graph is
 * being built in the background, puts and removes go to the exact index and into a log; the builder
 * replays the log into the graph until it is empty, then swaps under the lock. The log holds only
 * the keys changed: replaying a key gives the graph the key's state in the exact index at that
 * moment (its vector, or its absence), so a build does not hold a second copy of every vector
 * stored while it runs. This is correct even over a snapshot that already holds some of the
 * changes: a key's last change is logged before the batch that replays it is taken, so its last
 * replay reads its final state. Once switched, the graph takes writes through a {@link
 * BufferedHnswIndex}, so that a put never waits for the graph either.
 */
@SuppressWarnings("try") // a GuardedLock.Hold is named only to be closed
final class AdaptiveVectorIndex implements VectorIndex {

  private static final Logger log = LoggerFactory.getLogger(AdaptiveVectorIndex.class);

  private final int dimension;
  private final AdaptiveIndexOptions options;
  private final DotProduct kernel;
  /** Mutations hold the read lock (the write lock while a build logs them); swaps hold the write lock. */
  private final GuardedLock switchLock = new GuardedLock();
  private volatile VectorIndex active;

  /** Bumped by {@link #clear()} so that a build started before it is discarded. */
  private volatile long epoch;

  // Guarded by switchLock.
  private @Nullable List<Long> buildLog;
  /** After a failed build, the size the index must exceed before another try; read without lock. */
  private volatile int retryBuildAbove;

  AdaptiveVectorIndex(int dimension, AdaptiveIndexOptions options, DotProduct kernel) {
    Vectors.requireDimension(dimension);
    this.dimension = dimension;
    this.options = options;
    this.kernel = kernel;
    this.active = new ExactVectorIndex(dimension, kernel);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return active.size();
  }

  /** Whether searches currently use the graph; for tests and diagnostics. */
  boolean approximate() {
    return active instanceof BufferedHnswIndex;
  }

  /** Whether a graph build is under way; for tests and diagnostics. */
  boolean building() {
    try (GuardedLock.Hold held = switchLock.read()) {
      return buildLog != null;
    }
  }

  @Override
  public void put(long key, float[] unitVector) {
    Vectors.requireUnit(unitVector, dimension, "unitVector");
    mutate(key, unitVector);
  }

  @Override
  public boolean remove(long key) {
    return mutate(key, null);
  }

  @Override
  public List<ScoredKey> search(float[] unitQuery, int k, LongPredicate accept) {
    return active.search(unitQuery, k, accept);
  }

  /** From the index searches use: while a graph is built, the exact index still has every put. */
  @Override
  public float @Nullable [] vector(long key) {
    return active.vector(key);
  }

  @Override
  public void clear() {
    try (GuardedLock.Hold held = switchLock.write()) {
      epoch++;
      buildLog = null;
      retryBuildAbove = 0;
      active = new ExactVectorIndex(dimension, kernel);
    }
  }

  private boolean mutate(long key, float @Nullable [] vector) {
    boolean changed = false;
    boolean done = false;
    try (GuardedLock.Hold held = switchLock.read()) {
      if (buildLog == null) {
        changed = apply(active, key, vector);
        done = true;
      }
    }
    if (!done) {
      // A graph is being built: apply and log in one step, so the log has the order of the index.
      try (GuardedLock.Hold held = switchLock.write()) {
        changed = apply(active, key, vector);
        List<Long> pending = buildLog;
        if (pending != null) {
          pending.add(key);
        }
      }
    }
    switchIfNeeded();
    return changed;
  }

  private void switchIfNeeded() {
    VectorIndex current = active;
    if (current instanceof ExactVectorIndex) {
      int size = current.size();
      if (size > options.hnswAbove() && size > retryBuildAbove) {
        startBuild();
      }
    } else if (current.size() < options.exactBelow()) {
      switchToExact();
    }
  }

  private void startBuild() {
    ExactVectorIndex source;
    long buildEpoch;
    try (GuardedLock.Hold held = switchLock.write()) {
      if (buildLog != null || !(active instanceof ExactVectorIndex)
          || active.size() <= options.hnswAbove()) {
        return;
      }
      source = (ExactVectorIndex) active;
      buildLog = new ArrayList<>();
      buildEpoch = epoch;
    }
    try {
      options.buildExecutor().execute(() -> build(source, buildEpoch));
    } catch (RejectedExecutionException e) {
      log.warn("Vector index: graph build rejected by the executor; staying with exact search", e);
      abandonBuild(buildEpoch, source.size());
    }
  }

  /** Builds a graph from a snapshot of {@code source}, catches up with the log, then swaps. */
  private void build(ExactVectorIndex source, long buildEpoch) {
    boolean finished = false;
    try {
      List<Long> keys = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      source.forEach((key, vector) -> {
        keys.add(key);
        vectors.add(vector);
      });
      HnswVectorIndex graph =
          new HnswVectorIndex(dimension, options.hnsw(), kernel, VectorIndexes.hnswSeed());
      for (int i = 0; i < keys.size(); i++) {
        if (epoch != buildEpoch) {
          return;
        }
        graph.put(keys.get(i), vectors.get(i));
        vectors.set(i, null);
      }
      while (true) {
        List<Long> pending;
        try (GuardedLock.Hold held = switchLock.write()) {
          if (epoch != buildEpoch || buildLog == null) {
            finished = true;
            return;
          }
          pending = buildLog;
          if (pending.isEmpty()) {
            if (graph.size() >= options.exactBelow()) {
              active = new BufferedHnswIndex(graph, kernel, options.buildExecutor(),
                  BufferedHnswIndex.DEFAULT_RECENT_LIMIT);
            }
            buildLog = null;
            finished = true;
            return;
          }
          buildLog = new ArrayList<>();
        }
        for (long key : pending) {
          // The source is the active index until the swap, and copies the vector it returns.
          apply(graph, key, source.vector(key));
        }
      }
    } catch (RuntimeException e) {
      log.error("Vector index: graph build failed; staying with exact search", e);
    } finally {
      if (!finished) {
        abandonBuild(buildEpoch, source.size());
      }
    }
  }

  private void abandonBuild(long buildEpoch, int sizeAtFailure) {
    try (GuardedLock.Hold held = switchLock.write()) {
      if (epoch == buildEpoch) {
        buildLog = null;
        // Do not retry at every put; try again once the index has doubled.
        retryBuildAbove = Math.max(retryBuildAbove, 2 * sizeAtFailure);
      }
    }
  }

  /** Copies the graph's vectors into exact storage; fast enough to do in the removing thread. */
  private void switchToExact() {
    try (GuardedLock.Hold held = switchLock.write()) {
      VectorIndex current = active;
      if (!(current instanceof BufferedHnswIndex) || buildLog != null
          || current.size() >= options.exactBelow()) {
        return;
      }
      ExactVectorIndex exact = new ExactVectorIndex(dimension, kernel);
      ((BufferedHnswIndex) current).forEach(exact::put);
      active = exact;
      retryBuildAbove = 0;
    }
  }

  private static boolean apply(VectorIndex index, long key, float @Nullable [] vector) {
    if (vector == null) {
      return index.remove(key);
    }
    index.put(key, vector);
    return true;
  }
}
