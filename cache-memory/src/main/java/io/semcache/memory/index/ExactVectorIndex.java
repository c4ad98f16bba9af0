package io.semcache.memory.index;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Exact search: a scan of every vector. Vectors are kept dense in rows {@code [0, size)}: a removal
 * moves the last row into the hole, so the scan never visits a dead row and removal costs one row
 * copy. Searches share a read lock; puts and removes take the write lock for a few microseconds.
 */
@SuppressWarnings("try") // a GuardedLock.Hold is named only to be closed
final class ExactVectorIndex extends FilteringSearch {

  private final int dimension;
  private final DotProduct kernel;
  private final GuardedLock lock = new GuardedLock();
  private final VectorStore vectors;
  private final LongIntMap rowOfKey = new LongIntMap();
  private long[] keyOfRow = new long[16];
  private int size;

  ExactVectorIndex(int dimension, DotProduct kernel) {
    Vectors.requireDimension(dimension);
    this.dimension = dimension;
    this.kernel = kernel;
    this.vectors = new VectorStore(dimension);
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
    try (GuardedLock.Hold held = lock.write()) {
      int row = rowOfKey.get(key);
      if (row == LongIntMap.ABSENT) {
        row = size++;
        vectors.ensureCapacity(size);
        if (row == keyOfRow.length) {
          keyOfRow = Arrays.copyOf(keyOfRow, row * 2);
        }
        keyOfRow[row] = key;
        rowOfKey.put(key, row);
      }
      vectors.set(row, unitVector);
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
        keyOfRow[row] = keyOfRow[last];
        rowOfKey.put(keyOfRow[row], row);
      }
      if (size < vectors.capacity() / 4) {
        vectors.trimTo(size);
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
    }
  }

  @Override
  Candidates nearest(float[] query, int want) {
    NodeHeap best = new NodeHeap(Math.min(want, 1024));
    try (GuardedLock.Hold held = lock.read()) {
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
      return Candidates.drain(best, keyOfRow, size);
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
