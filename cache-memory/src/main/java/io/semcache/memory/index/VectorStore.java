package io.semcache.memory.index;

import java.util.Arrays;

/**
 * Rows of {@code dimension} floats in a few large arrays. Rows are contiguous within a chunk, so a
 * scan walks memory sequentially; growing adds a chunk instead of copying everything. The first chunk
 * starts small and doubles up to the chunk size, so a small index stays small. Not thread-safe.
 */
final class VectorStore {

  /**
   * Floats per full chunk (256 KiB), rounded down to a power of two rows (128 rows, 192 KiB, at 384
   * dimensions). Below G1's humongous threshold (half a region, at least 512 KiB): a humongous
   * array occupies whole regions, and 4 MiB chunks (3 MiB of rows plus a header, in four 1 MiB
   * regions) left a quarter of every chunk's regions empty, about 400 bytes per cached entry.
   */
  private static final int CHUNK_FLOATS = 1 << 16;
  private static final int INITIAL_ROWS = 4;

  private final int dimension;
  private final int rowsPerChunkShift;
  private final int rowMask;
  private float[][] chunks;
  private int capacity;

  VectorStore(int dimension) {
    this.dimension = dimension;
    int rowsPerChunk = Integer.highestOneBit(Math.max(1, CHUNK_FLOATS / dimension));
    this.rowsPerChunkShift = Integer.numberOfTrailingZeros(rowsPerChunk);
    this.rowMask = rowsPerChunk - 1;
    clear();
  }

  int dimension() {
    return dimension;
  }

  int capacity() {
    return capacity;
  }

  int rowsPerChunk() {
    return rowMask + 1;
  }

  /** The array holding {@code row}; see {@link #offset}. */
  float[] chunk(int row) {
    return chunks[row >>> rowsPerChunkShift];
  }

  /** The index in {@link #chunk} of the first float of {@code row}. */
  int offset(int row) {
    return (row & rowMask) * dimension;
  }

  void ensureCapacity(int rows) {
    if (rows <= capacity) {
      return;
    }
    int rowsPerChunk = rowsPerChunk();
    if (capacity < rowsPerChunk) {
      int grown = Math.min(rowsPerChunk, Math.max(rows, capacity * 2));
      chunks[0] = Arrays.copyOf(chunks[0], grown * dimension);
      capacity = grown;
    }
    while (capacity < rows) {
      int chunkCount = capacity >>> rowsPerChunkShift;
      if (chunkCount == chunks.length) {
        chunks = Arrays.copyOf(chunks, chunkCount * 2);
      }
      chunks[chunkCount] = new float[rowsPerChunk * dimension];
      capacity += rowsPerChunk;
    }
  }

  /** Releases chunks beyond those needed for {@code rows} rows (keeping some slack). */
  void trimTo(int rows) {
    int rowsPerChunk = rowsPerChunk();
    if (capacity <= rowsPerChunk) {
      int wanted = Math.max(INITIAL_ROWS, Integer.highestOneBit(Math.max(1, rows)) * 2);
      if (wanted < capacity) {
        chunks[0] = Arrays.copyOf(chunks[0], wanted * dimension);
        capacity = wanted;
      }
      return;
    }
    int keepChunks = Math.max(1, (rows + rowsPerChunk - 1) / rowsPerChunk + 1);
    int haveChunks = capacity >>> rowsPerChunkShift;
    for (int c = keepChunks; c < haveChunks; c++) {
      chunks[c] = null;
    }
    if (keepChunks < haveChunks) {
      capacity = keepChunks * rowsPerChunk;
    }
  }

  void set(int row, float[] vector) {
    System.arraycopy(vector, 0, chunk(row), offset(row), dimension);
  }

  float[] get(int row) {
    return Arrays.copyOfRange(chunk(row), offset(row), offset(row) + dimension);
  }

  void copyRow(int from, int to) {
    System.arraycopy(chunk(from), offset(from), chunk(to), offset(to), dimension);
  }

  float dot(DotProduct kernel, float[] query, int row) {
    return kernel.dot(query, 0, chunk(row), offset(row), dimension);
  }

  float dot(DotProduct kernel, int rowA, int rowB) {
    return kernel.dot(chunk(rowA), offset(rowA), chunk(rowB), offset(rowB), dimension);
  }

  void clear() {
    chunks = new float[4][];
    capacity = Math.min(INITIAL_ROWS, rowsPerChunk());
    chunks[0] = new float[capacity * dimension];
  }
}
