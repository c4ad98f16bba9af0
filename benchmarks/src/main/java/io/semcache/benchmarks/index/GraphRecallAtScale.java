package io.semcache.benchmarks.index;

import io.semcache.benchmarks.workload.SyntheticWorkload;
import io.semcache.memory.index.HnswOptions;
import io.semcache.memory.index.ScoredKey;
import io.semcache.memory.index.VectorIndex;
import io.semcache.memory.index.VectorIndexes;
import java.util.Arrays;
import java.util.List;

/**
 * Recall@1 of one HNSW graph at several beam widths ({@code efSearch}), for choosing the beam a
 * large partition needs: the graph is built once (M 16, efConstruction 100, one thread) over the
 * cache benchmarks' synthetic vectors, then each of their 1,024 queries is searched at every beam
 * width and its top-1 compared with an exact scan's (ties within 1e-6 agree, as in
 * {@code Recall}). Search times are single-threaded wall-clock percentiles, for orientation; JMH
 * ({@code MemoryLookupBenchmark}) is where lookups are timed.
 *
 * <pre>
 * java -Xmx8g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     io.semcache.benchmarks.index.GraphRecallAtScale 1000000 192,256,384,512,768
 * </pre>
 */
public final class GraphRecallAtScale {

  private static final double TIE = 1e-6;

  private GraphRecallAtScale() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: GraphRecallAtScale SIZE EF[,EF...]");
      System.exit(2);
    }
    int size = Integer.parseInt(args[0]);
    int[] beams = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();

    SyntheticWorkload workload = new SyntheticWorkload(size);
    float[][] stored = Fixtures.vectors(
        new EmbeddingLikeVectors(VectorData.CLUSTERED, SyntheticWorkload.DIMENSION, 42), size);
    SyntheticWorkload.Top1[] truth = workload.exactTop1();
    workload.releaseStoredVectors();

    VectorIndex graph = VectorIndexes.hnsw(SyntheticWorkload.DIMENSION, HnswOptions.defaults());
    long buildStart = System.nanoTime();
    for (int i = 0; i < stored.length; i++) {
      graph.put(i, stored[i]);
      stored[i] = null; // the graph holds its own copy
    }
    double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
    System.out.printf("size %,d: built in %.0f s (%,.0f inserts/s, one thread)%n",
        size, buildSeconds, size / buildSeconds);

    int queries = SyntheticWorkload.QUERIES;
    for (int ef : beams) {
      // One untimed pass warms the code at this beam width; the second is measured.
      for (int q = 0; q < queries; q++) {
        graph.search(workload.queryVector(q), ef, key -> true);
      }
      long[] nanos = new long[queries];
      int[] agree = new int[2];
      int[] asked = new int[2];
      for (int q = 0; q < queries; q++) {
        long start = System.nanoTime();
        // A search for k results walks a beam of max(efSearch, k): asking for ef sets the beam.
        List<ScoredKey> found = graph.search(workload.queryVector(q), ef, key -> true);
        nanos[q] = System.nanoTime() - start;
        int kind = SyntheticWorkload.isParaphrase(q) ? 0 : 1;
        asked[kind]++;
        if (!found.isEmpty() && (found.get(0).key() == truth[q].index()
            || Math.abs(found.get(0).score() - truth[q].similarity()) <= TIE)) {
          agree[kind]++;
        }
      }
      Arrays.sort(nanos);
      System.out.printf("ef %4d: recall@1 %.4f (paraphrases %.4f, new texts %.4f);"
              + " search p50 %,.0f us, p90 %,.0f us%n",
          ef, (agree[0] + agree[1]) / (double) queries, agree[0] / (double) asked[0],
          agree[1] / (double) asked[1], nanos[queries / 2] / 1e3, nanos[queries * 9 / 10] / 1e3);
    }
  }
}
