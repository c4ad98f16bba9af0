package io.semcache.benchmarks.index;

import io.semcache.memory.index.ScoredKey;
import io.semcache.memory.index.VectorIndex;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full cache's write path: each operation puts a new vector and removes the oldest, so the index
 * stays at {@code size} while its content turns over, as under eviction or expiry. This measures
 * insert and delete cost together, including each index's delete maintenance (our incremental
 * sweep; jvector's {@code removeDeletedNodes} every 1% of {@code size}). The setup prints the
 * top-1 agreement after the run's churn, so quality after turnover is visible too.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar IndexChurnBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class IndexChurnBenchmark {

  private static final int FRESH_VECTORS = 1 << 14;
  /** Puts a run may make; only the jvector adapter, whose ordinals index an array, needs a bound. */
  private static final int MAX_TURNOVER = 2_000_000;

  @Param({"10000", "100000"})
  int size;

  @Param({"EXACT", "HNSW", "JVECTOR"})
  IndexKind index;

  private VectorIndex churned;
  private EmbeddingLikeVectors source;
  private float[][] stored;
  private float[][] fresh;
  private long nextKey;
  private long oldestKey;

  @Setup(Level.Trial)
  public void setUp() {
    index.configureJvm();
    source = new EmbeddingLikeVectors(VectorData.CLUSTERED, Fixtures.DIMENSION, 42);
    stored = Fixtures.vectors(source, size);
    fresh = Fixtures.vectors(source, FRESH_VECTORS);
    churned = index.create(Fixtures.DIMENSION, size + MAX_TURNOVER, Math.max(1, size / 100));
    Fixtures.fill(churned, stored);
    nextKey = size;
    oldestKey = 0;
  }

  @Benchmark
  public void replaceOldest() {
    if (nextKey >= size + MAX_TURNOVER && index == IndexKind.JVECTOR) {
      throw new IllegalStateException("run longer than the jvector adapter's key space");
    }
    churned.put(nextKey, fresh[(int) (nextKey & (FRESH_VECTORS - 1))]);
    nextKey++;
    churned.remove(oldestKey++);
  }

  @TearDown(Level.Trial)
  public void reportQualityAfterChurn() {
    // The live content is the last `size` puts; check top-1 on paraphrases of it and new texts.
    float[][] live = new float[size][];
    for (int i = 0; i < size; i++) {
      long key = oldestKey + i;
      live[i] = key < size ? stored[(int) key] : fresh[(int) (key & (FRESH_VECTORS - 1))];
    }
    System.out.printf("%n[churn] %s size=%d: %d replacements%n", index, size, oldestKey);
    float[][] queries = Fixtures.queries(source, live, 512, 44);
    Fixtures.reportRecall(index + " size=" + size + " after churn", new OffsetKeys(churned,
        oldestKey), live, queries);
  }

  /** Presents keys {@code offset..offset+size} as {@code 0..size}, matching {@code live}. */
  private record OffsetKeys(VectorIndex delegate, long offset) implements VectorIndex {
    @Override
    public int dimension() {
      return delegate.dimension();
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public void put(long key, float[] unitVector) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean remove(long key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ScoredKey> search(float[] unitQuery, int k, LongPredicate accept) {
      return delegate.search(unitQuery, k, key -> accept.test(key - offset)).stream()
          .map(hit -> new ScoredKey(hit.key() - offset, hit.score()))
          .toList();
    }

    @Override
    public void clear() {
      throw new UnsupportedOperationException();
    }
  }
}
