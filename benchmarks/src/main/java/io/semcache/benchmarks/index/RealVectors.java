package io.semcache.benchmarks.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Real all-MiniLM-L6-v2 vectors of QQP questions, read from the file that {@code
 * scripts/benchmark-baseline/embed_qqp.py} writes (the same file the hnswlib/faiss peer reads):
 * little-endian, magic {@code "SCVEC1\0\0"}, int32 corpus count, int32 query count, int32
 * dimension, then the corpus rows, then the query rows.
 *
 * @param corpus the stored vectors, unit length
 * @param queries other questions, never in {@code corpus}, unit length
 */
public record RealVectors(float[][] corpus, float[][] queries) {

  private static final byte[] MAGIC = "SCVEC1\0\0".getBytes(StandardCharsets.US_ASCII);

  /**
   * Reads {@code file}, keeping the first {@code corpusLimit} corpus rows (all when {@code
   * corpusLimit <= 0}).
   *
   * @throws IOException if the file cannot be read or is not in the format above
   */
  public static RealVectors read(Path file, int corpusLimit) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 12).order(ByteOrder.LITTLE_ENDIAN);
      while (header.hasRemaining() && channel.read(header) >= 0) {
        // read the fixed-size header
      }
      header.flip();
      byte[] magic = new byte[MAGIC.length];
      if (header.remaining() < header.capacity()) {
        throw new IOException(file + ": shorter than the vectors header");
      }
      header.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException(file + ": not a vectors file (magic " + Arrays.toString(magic) + ")");
      }
      int corpusCount = header.getInt();
      int queryCount = header.getInt();
      int dimension = header.getInt();
      long expected = header.capacity() + 4L * dimension * ((long) corpusCount + queryCount);
      if (corpusCount < 1 || queryCount < 1 || dimension < 1 || channel.size() != expected) {
        throw new IOException(file + ": header says " + corpusCount + " + " + queryCount + " rows of "
            + dimension + " floats (" + expected + " bytes), file has " + channel.size() + " bytes");
      }
      FloatBuffer floats = channel.map(FileChannel.MapMode.READ_ONLY, header.capacity(),
          expected - header.capacity()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      int keep = corpusLimit <= 0 ? corpusCount : Math.min(corpusLimit, corpusCount);
      float[][] corpus = rows(floats, 0, keep, dimension);
      float[][] queries = rows(floats, corpusCount, queryCount, dimension);
      return new RealVectors(corpus, queries);
    }
  }

  private static float[][] rows(FloatBuffer floats, int first, int count, int dimension) {
    float[][] rows = new float[count][dimension];
    for (int i = 0; i < count; i++) {
      floats.get((first + i) * dimension, rows[i]);
    }
    return rows;
  }
}
