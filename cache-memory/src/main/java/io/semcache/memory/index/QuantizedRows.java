package io.semcache.memory.index;

import java.util.Arrays;

/**
 * The int8 codes of a {@link VectorStore}'s rows, with each row's scale and error norm, in chunks
 * of the same rows so that row {@code r} here is row {@code r} there. A row's approximate score
 * against a quantized query is {@code scale * queryScale * dot(codes, queryCodes)}; with {@code x̂
 * = scale * codes} and {@code x·y = x̂·ŷ + x̂·(y - ŷ) + (x - x̂)·y}, Cauchy–Schwarz bounds its
 * distance from the float score by {@code ||x̂|| * queryError + error * ||y||}, and {@code ||x̂||
 * <= ||x|| + error}. Not thread-safe.
 */
final class QuantizedRows {

  private final int dimension;
  private final int rowsPerChunkShift;
  private final int rowMask;
  private byte[][] chunks;
  private float[] scales;
  private float[] errors;
  private int capacity;

  /** Codes for the rows of {@code vectors}, which must be empty. */
  QuantizedRows(VectorStore vectors) {
    this.dimension = vectors.dimension();
    this.rowsPerChunkShift = Integer.numberOfTrailingZeros(vectors.rowsPerChunk());
    this.rowMask = vectors.rowsPerChunk() - 1;
    clear(vectors);
  }

  /** The array holding {@code row}'s codes; see {@link #offset}. */
  byte[] chunk(int row) {
    return chunks[row >>> rowsPerChunkShift];
  }

  int offset(int row) {
    return (row & rowMask) * dimension;
  }

  float scale(int row) {
    return scales[row];
  }

  float error(int row) {
    return errors[row];
  }

  /** Grows to the capacity of {@code vectors}, which must have just grown; chunks stay in step. */
  void matchCapacity(VectorStore vectors) {
    int rows = vectors.capacity();
    if (rows <= capacity) {
      return;
    }
    int rowsPerChunk = rowMask + 1;
    if (capacity < rowsPerChunk) {
      chunks[0] = Arrays.copyOf(chunks[0], Math.min(rowsPerChunk, rows) * dimension);
    }
    for (int c = 1; c * rowsPerChunk < rows; c++) {
      if (c == chunks.length) {
        chunks = Arrays.copyOf(chunks, c * 2);
      }
      if (chunks[c] == null) {
        chunks[c] = new byte[rowsPerChunk * dimension];
      }
    }
    scales = Arrays.copyOf(scales, rows);
    errors = Arrays.copyOf(errors, rows);
    capacity = rows;
  }

  /** Shrinks to the capacity of {@code vectors}, which must have just been trimmed. */
  void matchTrim(VectorStore vectors) {
    int rows = vectors.capacity();
    if (rows >= capacity) {
      return;
    }
    int rowsPerChunk = rowMask + 1;
    if (rows < rowsPerChunk) {
      chunks[0] = Arrays.copyOf(chunks[0], rows * dimension);
    }
    for (int c = Math.max(1, (rows + rowsPerChunk - 1) / rowsPerChunk); c < chunks.length; c++) {
      chunks[c] = null;
    }
    scales = Arrays.copyOf(scales, rows);
    errors = Arrays.copyOf(errors, rows);
    capacity = rows;
  }

  void set(int row, Int8Quantizer.Row quantized) {
    System.arraycopy(quantized.codes(), 0, chunk(row), offset(row), dimension);
    scales[row] = quantized.scale();
    errors[row] = quantized.error();
  }

  /** Moves the codes, scale and error together, as {@link VectorStore#copyRow} moves the floats. */
  void copyRow(int from, int to) {
    System.arraycopy(chunk(from), offset(from), chunk(to), offset(to), dimension);
    scales[to] = scales[from];
    errors[to] = errors[from];
  }

  void clear(VectorStore vectors) {
    clear();
    matchCapacity(vectors);
  }

  private void clear() {
    chunks = new byte[4][];
    chunks[0] = new byte[0];
    scales = new float[0];
    errors = new float[0];
    capacity = 0;
  }
}
