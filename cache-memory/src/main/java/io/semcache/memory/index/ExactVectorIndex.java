package io.semcache.memory.index;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Exact search: a scan of every vector. Vectors are kept dense in rows {@code [0, size)}: a removal
 * moves the last row into the hole, so the scan never visits a dead row and removal costs one row
 * copy. Searches share a read lock; puts and removes take the write lock for a few microseconds.
 *
 * <p>With an int8 kernel the index also keeps each row's int8 codes ({@link QuantizedRows}) and
 * scans those, a quarter of the bytes: pass 1 bounds every row's score from its codes and keeps the
 * rows whose upper bound reaches the {@code want}-th best lower bound; pass 2 scores those rows
 * with the float kernel. Every row that the float scan would return passes pass 1, so the result is
 * the float scan's: the same keys and the same scores.
 */
@SuppressWarnings("try") // a GuardedLock.Hold is named only to be closed
final class ExactVectorIndex extends FilteringSearch {

  private final int dimension;
  /**
   * Pass 2 scores at least {@code want} rows; when those are a large share of the index the float
   * scan alone is cheaper, so the quantized scan runs only from this many rows per wanted one.
   */
  private static final int MIN_ROWS_PER_WANTED = 8;

  private final DotProduct kernel;
  private final @Nullable Int8DotProduct int8Kernel;
  private final @Nullable QuantizedRows codes;
  private final GuardedLock lock = new GuardedLock();
  private final VectorStore vectors;
  private final LongIntMap rowOfKey = new LongIntMap();
  private long[] keyOfRow = new long[16];
  private int size;

  /** An index that scans with the int8 kernel {@link DotProducts#int8ForScan} picks, if any. */
  ExactVectorIndex(int dimension, DotProduct kernel) {
    this(dimension, kernel, dimension < 1 ? null : DotProducts.int8ForScan(dimension));
  }

  /** An index that scans int8 codes with {@code int8Kernel}, or the float rows when it is null. */
  ExactVectorIndex(int dimension, DotProduct kernel, @Nullable Int8DotProduct int8Kernel) {
    Vectors.requireDimension(dimension);
    this.dimension = dimension;
    this.kernel = kernel;
    this.vectors = new VectorStore(dimension);
    this.int8Kernel = int8Kernel;
    this.codes = int8Kernel == null ? null : new QuantizedRows(vectors);
  }

  /** The scan's kernel name: the float kernel's, or the int8 kernel's when the index has codes. */
  String scanName() {
    return int8Kernel == null ? kernel.name() : int8Kernel.name() + "+" + kernel.name();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    try (GuardedLock.Hold held = lock.read()) {
      return size;
    }
  }

  /** Rows allocated; for tests. */
  int capacity() {
    try (GuardedLock.Hold held = lock.read()) {
      return vectors.capacity();
    }
  }

  @Override
  public void put(long key, float[] unitVector) {
    Vectors.requireUnit(unitVector, dimension, "unitVector");
    // Quantized before the write lock is taken, so that the lock is held for copies only.
    Int8Quantizer.Row quantized = codes == null ? null : Int8Quantizer.row(unitVector);
    try (GuardedLock.Hold held = lock.write()) {
      int row = rowOfKey.get(key);
      if (row == LongIntMap.ABSENT) {
        row = size++;
        vectors.ensureCapacity(size);
        if (codes != null) {
          codes.matchCapacity(vectors);
        }
        if (row == keyOfRow.length) {
          keyOfRow = Arrays.copyOf(keyOfRow, row * 2);
        }
        keyOfRow[row] = key;
        rowOfKey.put(key, row);
      }
      vectors.set(row, unitVector);
      if (codes != null) {
        codes.set(row, quantized);
      }
    }
  }

  @Override
  public boolean remove(long key) {
    try (GuardedLock.Hold held = lock.write()) {
      int row = rowOfKey.remove(key);
      if (row == LongIntMap.ABSENT) {
        return false;
      }
      int last = --size;
      if (row != last) {
        vectors.copyRow(last, row);
        if (codes != null) {
          codes.copyRow(last, row);
        }
        keyOfRow[row] = keyOfRow[last];
        rowOfKey.put(keyOfRow[row], row);
      }
      if (size < vectors.capacity() / 4) {
        vectors.trimTo(size);
        if (codes != null) {
          codes.matchTrim(vectors);
        }
        if (keyOfRow.length > 16 && size < keyOfRow.length / 4) {
          keyOfRow = Arrays.copyOf(keyOfRow, Math.max(16, keyOfRow.length / 2));
        }
      }
      return true;
    }
  }

  @Override
  public float @Nullable [] vector(long key) {
    try (GuardedLock.Hold held = lock.read()) {
      int row = rowOfKey.get(key);
      return row == LongIntMap.ABSENT ? null : vectors.get(row);
    }
  }

  @Override
  public void clear() {
    try (GuardedLock.Hold held = lock.write()) {
      size = 0;
      rowOfKey.clear();
      keyOfRow = new long[16];
      vectors.clear();
      if (codes != null) {
        codes.clear(vectors);
      }
    }
  }

  @Override
  Candidates nearest(float[] query, int want) {
    NodeHeap best = new NodeHeap(Math.min(want, 1024));
    QuantizedQuery quantized = codes == null ? null : new QuantizedQuery(query);
    try (GuardedLock.Hold held = lock.read()) {
      if (quantized == null || size < (long) want * MIN_ROWS_PER_WANTED) {
        scanFloats(query, want, best);
      } else {
        Band band = scanCodes(quantized, want);
        for (int i = 0; i < band.count; i++) {
          if (band.upperBounds[i] >= band.threshold) {
            int row = band.rows[i];
            best.offer(vectors.dot(kernel, query, row), row, want);
          }
        }
      }
      return Candidates.drain(best, keyOfRow, size);
    }
  }

  /**
   * How many rows the quantized scan scores in floats for {@code query} (all rows for a float
   * scan); for tests and benchmarks.
   */
  int rowsScoredInFloats(float[] query, int want) {
    try (GuardedLock.Hold held = lock.read()) {
      if (codes == null || size < (long) want * MIN_ROWS_PER_WANTED) {
        return size;
      }
      Band band = scanCodes(new QuantizedQuery(query), want);
      int scored = 0;
      for (int i = 0; i < band.count; i++) {
        scored += band.upperBounds[i] >= band.threshold ? 1 : 0;
      }
      return scored;
    }
  }

  private void scanFloats(float[] query, int want, NodeHeap best) {
    int rowsPerChunk = vectors.rowsPerChunk();
    for (int first = 0; first < size; first += rowsPerChunk) {
      float[] chunk = vectors.chunk(first);
      int end = Math.min(size, first + rowsPerChunk);
      int offset = 0;
      for (int row = first; row < end; row++, offset += dimension) {
        float score = kernel.dot(query, 0, chunk, offset, dimension);
        best.offer(score, row, want);
      }
    }
  }

  /**
   * Pass 1: bounds every row's score from its codes, keeping the {@code want} best lower bounds in
   * a heap and, in row order, the rows whose upper bound reached the best lower bounds so far. The
   * {@code want}-th best lower bound only rises, so a row left out then can never qualify later;
   * pass 2 drops the kept rows below its final value.
   */
  private Band scanCodes(QuantizedQuery query, int want) {
    Int8DotProduct int8 = int8Kernel;
    QuantizedRows rows = codes;
    NodeHeap lowerBounds = new NodeHeap(Math.min(want, 1024));
    Band band = new Band();
    float threshold = Float.NEGATIVE_INFINITY;
    ScoreBound bound = query.bound;
    int rowsPerChunk = vectors.rowsPerChunk();
    for (int first = 0; first < size; first += rowsPerChunk) {
      byte[] chunk = rows.chunk(first);
      int end = Math.min(size, first + rowsPerChunk);
      int offset = 0;
      for (int row = first; row < end; row++, offset += dimension) {
        int dot = int8.dot(query.codes, chunk, offset, dimension);
        float approximate = rows.scale(row) * query.scale * dot;
        float slack = bound.slack(rows.error(row));
        float upper = approximate + slack;
        if (upper >= threshold) {
          band.add(row, upper);
          if (lowerBounds.offer(approximate - slack, row, want) && lowerBounds.size() == want) {
            threshold = lowerBounds.topScore();
          }
        }
      }
    }
    band.threshold = threshold;
    return band;
  }

  /** The query's codes, widened for the kernel, with its scale and score bound. */
  private static final class QuantizedQuery {
    final short[] codes;
    final float scale;
    final ScoreBound bound;

    QuantizedQuery(float[] query) {
      byte[] queryCodes = new byte[query.length];
      scale = Int8Quantizer.scale(query, Int8DotProduct.MAX_QUERY_CODE);
      float error =
          Int8Quantizer.quantize(query, scale, Int8DotProduct.MAX_QUERY_CODE, queryCodes, 0);
      codes = Int8Quantizer.widen(queryCodes);
      bound = new ScoreBound(query, error);
    }
  }

  /** The rows pass 1 kept, in row order, with their upper bounds; not thread-safe. */
  private static final class Band {
    int[] rows = new int[64];
    float[] upperBounds = new float[64];
    int count;
    float threshold;

    void add(int row, float upperBound) {
      if (count == rows.length) {
        rows = Arrays.copyOf(rows, count * 2);
        upperBounds = Arrays.copyOf(upperBounds, count * 2);
      }
      rows[count] = row;
      upperBounds[count++] = upperBound;
    }
  }

  /** Copies every (key, vector) pair, for building another index from this one. */
  void forEach(KeyVectorConsumer consumer) {
    try (GuardedLock.Hold held = lock.read()) {
      for (int row = 0; row < size; row++) {
        consumer.accept(keyOfRow[row], vectors.get(row));
      }
    }
  }
}
