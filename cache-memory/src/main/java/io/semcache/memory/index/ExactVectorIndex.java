package io.semcache.memory.index;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Exact search: a scan of every vector. Vectors are kept dense in rows {@code [0, size)}: a removal
 * moves the last row into the hole, so the scan never visits a dead row and removal costs one row
 * copy. Searches share a read lock; puts and removes take the write lock for a few microseconds.
 */
final class ExactVectorIndex extends FilteringSearch {

  private final int dimension;
  private final DotProduct kernel;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
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
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Rows allocated; for tests. */
  int capacity() {
    lock.readLock().lock();
    try {
      return vectors.capacity();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void put(long key, float[] unitVector) {
    Vectors.requireUnit(unitVector, dimension, "unitVector");
    lock.writeLock().lock();
    try {
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
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean remove(long key) {
    lock.writeLock().lock();
    try {
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
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void clear() {
    lock.writeLock().lock();
    try {
      size = 0;
      rowOfKey.clear();
      keyOfRow = new long[16];
      vectors.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  Candidates nearest(float[] query, int want) {
    NodeHeap best = new NodeHeap(Math.min(want, 1024));
    lock.readLock().lock();
    try {
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
      int count = best.size();
      int[] rows = new int[count];
      float[] scores = new float[count];
      best.drainDescending(rows, scores);
      long[] keys = new long[count];
      for (int i = 0; i < count; i++) {
        keys[i] = keyOfRow[rows[i]];
      }
      return new Candidates(keys, scores, count, count == size);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Copies every (key, vector) pair, for building another index from this one. */
  void forEach(KeyVectorConsumer consumer) {
    lock.readLock().lock();
    try {
      for (int row = 0; row < size; row++) {
        consumer.accept(keyOfRow[row], vectors.get(row));
      }
    } finally {
      lock.readLock().unlock();
    }
  }
}
