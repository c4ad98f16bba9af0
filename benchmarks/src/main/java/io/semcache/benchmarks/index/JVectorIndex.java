package io.semcache.benchmarks.index;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.semcache.memory.index.ScoredKey;
import io.semcache.memory.index.VectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongPredicate;

/**
 * jvector's in-memory graph behind our {@link VectorIndex}, for comparison only. Keys must be
 * ordinals below the capacity and are never reused (jvector frees a deleted node's ordinal, but the
 * vector store is ours; fresh ordinals keep this adapter simple and favour jvector slightly).
 * Deletion follows jvector's model: {@code markNodeDeleted}, and {@code removeDeletedNodes} (a pass
 * over the whole graph that repairs it) every {@code cleanupEvery} deletions.
 */
final class JVectorIndex implements VectorIndex {

  private static final VectorTypeSupport VECTORS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private final int dimension;
  private final int efSearch;
  private final Store store;
  private final GraphIndexBuilder builder;
  private final ThreadLocal<GraphSearcher> searchers;
  private final AtomicInteger size = new AtomicInteger();
  private final int cleanupEvery;
  private int pendingDeletes;

  /**
   * @param maxDegree base-layer degree; 32 matches our M = 16 (whose level 0 keeps 2M)
   * @param cleanupEvery deletions between two {@code removeDeletedNodes} passes
   */
  // The deprecated constructor states every build parameter, hierarchy included; its replacement,
  // GraphIndexBuilder.builder, takes the hierarchy flag from a JVM-wide runtime configuration.
  @SuppressWarnings("deprecation")
  JVectorIndex(int dimension, int capacity, int maxDegree, int beamWidth, int efSearch,
      int cleanupEvery) {
    this.dimension = dimension;
    this.efSearch = efSearch;
    this.store = new Store(dimension, capacity);
    this.builder = new GraphIndexBuilder(store, VectorSimilarityFunction.DOT_PRODUCT, maxDegree,
        beamWidth, 1.2f, 1.2f, true);
    this.searchers = ThreadLocal.withInitial(() -> new GraphSearcher(builder.getGraph()));
    this.cleanupEvery = Math.max(1, cleanupEvery);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return size.get();
  }

  @Override
  public void put(long key, float[] unitVector) {
    VectorFloat<?> vector = VECTORS.createFloatVector(unitVector.clone());
    store.set((int) key, vector);
    builder.addGraphNode((int) key, vector);
    size.incrementAndGet();
  }

  @Override
  public synchronized boolean remove(long key) {
    builder.markNodeDeleted((int) key);
    size.decrementAndGet();
    if (++pendingDeletes >= cleanupEvery) {
      builder.removeDeletedNodes();
      pendingDeletes = 0;
    }
    return true;
  }

  @Override
  public List<ScoredKey> search(float[] unitQuery, int k, LongPredicate accept) {
    VectorFloat<?> query = VECTORS.createFloatVector(unitQuery);
    SearchResult result = searchers.get().search(
        DefaultSearchScoreProvider.exact(query, VectorSimilarityFunction.DOT_PRODUCT, store), k,
        Math.max(k, efSearch), 0f, 0f, accept::test);
    List<ScoredKey> hits = new ArrayList<>(k);
    for (SearchResult.NodeScore node : result.getNodes()) {
      // jvector scores dot products as (1 + dot) / 2.
      hits.add(new ScoredKey(node.node, 2 * node.score - 1));
    }
    return hits;
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException("not needed by the benchmarks");
  }

  void close() {
    try {
      builder.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The vectors jvector reads, by ordinal. */
  private static final class Store implements RandomAccessVectorValues {
    private final int dimension;
    private final AtomicReferenceArray<VectorFloat<?>> vectors;

    Store(int dimension, int capacity) {
      this.dimension = dimension;
      this.vectors = new AtomicReferenceArray<>(capacity);
    }

    void set(int ordinal, VectorFloat<?> vector) {
      vectors.set(ordinal, vector);
    }

    @Override
    public int size() {
      return vectors.length();
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public VectorFloat<?> getVector(int ordinal) {
      return vectors.get(ordinal);
    }

    @Override
    public boolean isValueShared() {
      return false;
    }

    @Override
    public RandomAccessVectorValues copy() {
      return this;
    }
  }
}
