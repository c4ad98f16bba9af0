package io.semcache.benchmarks.memory;

import io.semcache.benchmarks.workload.SyntheticWorkload;
import io.semcache.memory.index.HnswOptions;
import io.semcache.memory.index.ScoredKey;
import io.semcache.memory.index.VectorIndex;
import io.semcache.memory.index.VectorIndexes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Recall@1 of one HNSW graph at several beam widths, for choosing the beam a large partition
 * needs ({@code HnswOptions.searchBeam}, which is added to the list): the graph is built once (M 16, efConstruction 100, one thread) over the
 * cache benchmarks' synthetic vectors, then each of their 1,024 queries is searched at every beam
 * width and its top-1 compared with an exact scan's (ties within 1e-6 agree, as in
 * {@code Recall}). Search times are single-threaded wall-clock percentiles, for orientation; JMH
 * ({@code MemoryLookupBenchmark}) is where lookups are timed.
 *
 * <pre>
 * java -Xmx9g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     io.semcache.benchmarks.memory.GraphRecallAtScale 1000000 192,256,384,512,768,1024 [FILE]
 * </pre>
 *
 * <p>With {@code FILE}, the vectors and queries are also written there in the format of
 * {@code scripts/benchmark-baseline/embed_qqp.py}, so that {@code index_peer.py --vectors FILE}
 * builds hnswlib's graph over the same data.
 */
public final class GraphRecallAtScale {

  private static final double TIE = 1e-6;
  /**
   * A search for k results walks a beam of max(searchBeam, k + 8): the index asks for 8 more than
   * wanted (FilteringSearch.SLACK), so k = beam - 8 sets the beam.
   */
  private static final int SEARCH_SLACK = 8;

  private GraphRecallAtScale() {}

  public static void main(String[] args) {
    if (args.length != 2 && args.length != 3) {
      System.err.println("usage: GraphRecallAtScale SIZE EF[,EF...] [VECTORS_FILE]");
      System.exit(2);
    }
    int size = Integer.parseInt(args[0]);
    // "-" only writes the file; -DefConstruction and -Dm try other builds than the defaults.
    int[] beams = args[1].equals("-") ? new int[0]
        : Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
    // efSearch 1: every beam is then set by the results asked for (see SEARCH_SLACK).
    HnswOptions options = new HnswOptions(Integer.getInteger("m", HnswOptions.DEFAULT_M),
        Integer.getInteger("efConstruction", HnswOptions.DEFAULT_EF_CONSTRUCTION), 1);
    int defaultBeam = HnswOptions.defaults().searchBeam(size);
    if (Arrays.stream(beams).noneMatch(beam -> beam == defaultBeam) && beams.length > 0) {
      beams = Arrays.copyOf(beams, beams.length + 1);
      beams[beams.length - 1] = defaultBeam;
    }

    SyntheticWorkload workload = new SyntheticWorkload(size);
    if (args.length == 3) {
      write(Path.of(args[2]), size, workload);
    }
    if (beams.length == 0) {
      return;
    }
    SyntheticWorkload.Top1[] truth = workload.exactTop1();

    VectorIndex graph = VectorIndexes.hnsw(SyntheticWorkload.DIMENSION, options);
    long buildStart = System.nanoTime();
    for (int i = 0; i < size; i++) {
      graph.put(i, workload.storedVector(i));
    }
    double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
    workload.releaseStoredVectors(); // the graph holds its own copy
    System.out.printf("size %,d, M %d, efConstruction %d: built in %.0f s (%,.0f inserts/s,"
        + " one thread)%n", size, options.m(), options.efConstruction(), buildSeconds,
        size / buildSeconds);

    int queries = SyntheticWorkload.QUERIES;
    for (int ef : beams) {
      // One untimed pass warms the code at this beam width; the second is measured.
      for (int q = 0; q < queries; q++) {
        graph.search(workload.queryVector(q), Math.max(1, ef - SEARCH_SLACK), key -> true);
      }
      long[] nanos = new long[queries];
      int[] agree = new int[2];
      int[] asked = new int[2];
      for (int q = 0; q < queries; q++) {
        long start = System.nanoTime();
        List<ScoredKey> found =
            graph.search(workload.queryVector(q), Math.max(1, ef - SEARCH_SLACK), key -> true);
        nanos[q] = System.nanoTime() - start;
        int kind = SyntheticWorkload.isParaphrase(q) ? 0 : 1;
        asked[kind]++;
        if (!found.isEmpty() && (found.get(0).key() == truth[q].index()
            || Math.abs(found.get(0).score() - truth[q].similarity()) <= TIE)) {
          agree[kind]++;
        }
      }
      Arrays.sort(nanos);
      System.out.printf("beam %4d%s: recall@1 %.4f (paraphrases %.4f, new texts %.4f);"
              + " search p50 %,.0f us, p90 %,.0f us%n",
          ef, ef == defaultBeam ? " (the default at this size)" : "",
          (agree[0] + agree[1]) / (double) queries, agree[0] / (double) asked[0],
          agree[1] / (double) asked[1], nanos[queries / 2] / 1e3, nanos[queries * 9 / 10] / 1e3);
    }
  }

  /** Header "SCVEC1\0\0", corpus count, query count, dimension (int32), then float32 rows; LE. */
  private static void write(Path file, int size, SyntheticWorkload workload) {
    int queries = SyntheticWorkload.QUERIES;
    int dimension = SyntheticWorkload.DIMENSION;
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer header = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
      header.put("SCVEC1\0\0".getBytes(StandardCharsets.US_ASCII))
          .putInt(size).putInt(queries).putInt(dimension).flip();
      out.write(header);
      ByteBuffer row = ByteBuffer.allocate(4 * dimension).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < size + queries; i++) {
        float[] vector = i < size ? workload.storedVector(i) : workload.queryVector(i - size);
        row.clear();
        row.asFloatBuffer().put(vector);
        out.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }
}
