package io.semcache.benchmarks.milvus;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.semcache.EntryId;
import io.semcache.FailureMode;
import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.SemanticCache;
import io.semcache.StoreResult;
import io.semcache.benchmarks.workload.Cursor;
import io.semcache.benchmarks.workload.PrecomputedOnlyEmbedder;
import io.semcache.benchmarks.workload.Recall;
import io.semcache.benchmarks.workload.SyntheticWorkload;
import io.semcache.milvus.MilvusConfig;
import io.semcache.milvus.MilvusSemanticCache;
import io.semcache.milvus.testing.MilvusEndpoint;
import io.semcache.milvus.testing.MilvusLiteServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * A semantic lookup in the Milvus backend against milvus-lite on loopback, next to the same calls
 * made with milvus-sdk-java directly, so the wrapper's overhead is a ratio of two scores from one
 * run. Each fork starts its own milvus-lite server (scripts/install-milvus-lite.sh installs it; the
 * cache-milvus test fixture finds it), stores {@code size} entries of {@link SyntheticWorkload}
 * through {@code SemanticCache.put} with their precomputed vectors, and flushes: unflushed rows are
 * brute-forced by milvus-lite in Python, 50 times slower (cache-milvus/MILVUS_LITE_NOTES.md). The
 * lookups are the workload's 1,024 precomputed vectors, cycled per thread; no model runs.
 *
 * <ul>
 *   <li>{@code SEMCACHE}: {@code SemanticCache.lookup} with the embedding given, which makes two
 *       RPCs: a get by primary key (the identical-text check), then the filtered search.
 *   <li>{@code RAW_GET_AND_SEARCH}: the same two RPCs with the SDK's {@code MilvusClientV2}, with the
 *       same parameters: collection, primary key, filter ({@code partition_key == "<digest>" and
 *       searchable == true and expires_at > <now>}), {@code ef} 64, limit 10 (the default top-k),
 *       every field but the vector as output, consistency Session. The partition digest and entry
 *       ids are computed once in setup, so this is the SDK's cost alone.
 *   <li>{@code RAW_SEARCH}: the search RPC alone.
 * </ul>
 *
 * <p>Hit verification is off in the cache (it judges prompt texts, synthetic here, and is the same
 * code for every backend). Setup checks that the wrapper's best candidate and the raw search's
 * first result agree (id and score) on the first 64 queries, so the two really ask the same thing,
 * and, for {@code SEMCACHE}, prints milvus-lite's recall@1 against an exact scan ({@code
 * [recall]}). Both clients
 * have a 10 s deadline, far above any answer here, so that a slow answer fails the run loudly
 * rather than becoming a miss.
 *
 * <pre>
 * scripts/install-milvus-lite.sh
 * java -jar benchmarks/target/benchmarks.jar MilvusLookupBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class MilvusLookupBenchmark {

  /** Who makes the calls. */
  public enum Client {
    /** Our Milvus backend, through the public SemanticCache API. */
    SEMCACHE,
    /** MilvusClientV2: the get by primary key and the search that SEMCACHE makes. */
    RAW_GET_AND_SEARCH,
    /** MilvusClientV2: the search alone. */
    RAW_SEARCH
  }

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final int PARITY_QUERIES = 64;
  // The backend's defaults, stated again for the raw calls (cache-milvus README).
  private static final String VECTOR_FIELD = MilvusConfig.DEFAULT_VECTOR_FIELD;
  private static final int LIMIT = MilvusConfig.DEFAULT_TOPK;
  private static final int EF = MilvusConfig.DEFAULT_SEARCH_EF;
  private static final ConsistencyLevel CONSISTENCY = ConsistencyLevel.SESSION;
  /** Every field of the schema but the vector (cache-milvus README, "Schema"). */
  private static final List<String> OUTPUT_FIELDS = List.of("id", "partition_key", "tenant",
      "model", "fingerprint", "prompt", "prompt_encoding", "response", "response_encoding",
      "searchable", "created_at", "expires_at", "model_id");

  @Param({"10000"})
  int size;

  @Param({"SEMCACHE", "RAW_GET_AND_SEARCH", "RAW_SEARCH"})
  Client client;

  private MilvusLiteServer server;
  private SemanticCache cache;
  private MilvusClientV2 raw;
  private String collection;
  private String partitionFilter;
  private LookupRequest[] lookups;
  private float[][] vectors;
  private List<Object>[] ids;

  /** The Milvus backend's recent-writes window (RecentWrites.WINDOW, 10 s) and a margin. */
  private static final long RECENT_WRITES_WINDOW_MILLIS = 11_000;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    Path executable = MilvusLiteServer.locateExecutable().orElseThrow(() ->
        new IllegalStateException("milvus-lite not found at "
            + MilvusLiteServer.expectedExecutable() + "; " + MilvusLiteServer.INSTALL_HINT));
    server = MilvusLiteServer.start(executable,
        Path.of(System.getProperty("java.io.tmpdir"), "semcache-benchmarks", "milvus-lite"));
    MilvusEndpoint endpoint = server.endpoint();
    MilvusConfig config = MilvusConfig.builder()
        .host(endpoint.host())
        .port(endpoint.port())
        .requestTimeout(DEADLINE)
        .build();
    collection = config.collection().name();
    cache = MilvusSemanticCache.builder()
        .config(config)
        .embedder(new PrecomputedOnlyEmbedder())
        // Off, as in the memory benchmarks: verification compares prompt texts, which are
        // synthetic here, and it is not part of the backend compared with the raw SDK.
        .verifiers(List.of())
        .defaultTtl(Duration.ofDays(1))
        .failureMode(FailureMode.FAIL_CLOSED)
        .meterRegistry(new SimpleMeterRegistry())
        .build();
    raw = new MilvusClientV2(endpoint.connectConfig(DEADLINE).build());

    SyntheticWorkload workload = new SyntheticWorkload(size);
    long start = System.nanoTime();
    for (int i = 0; i < size; i++) {
      StoreResult stored = cache.put(workload.storeRequest(i, PrecomputedOnlyEmbedder.MODEL_ID));
      if (!stored.isStored()) {
        throw new IllegalStateException("setup: entry " + i + " was not stored: " + stored);
      }
    }
    double putSeconds = (System.nanoTime() - start) / 1e9;
    raw.flush(FlushReq.builder().collectionNames(List.of(collection)).build());
    // The cache keeps its own recent writes in a local segment (searched exactly, beside Milvus)
    // for up to its window; wait it out so both sides measure Milvus' search alone.
    try {
      Thread.sleep(RECENT_WRITES_WINDOW_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("setup interrupted", e);
    }
    System.out.printf(Locale.ROOT, "%n[load] MilvusLookupBenchmark %s size=%d: %d puts in %.1f s,"
        + " flushed after %.1f s (%s)%n", client, size, size, putSeconds,
        (System.nanoTime() - start) / 1e9, server.description());

    partitionFilter = "partition_key == \"" + SyntheticWorkload.PARTITION.digest()
        + "\" and searchable == true and expires_at > ";
    lookups = workload.lookups(PrecomputedOnlyEmbedder.MODEL_ID);
    vectors = new float[SyntheticWorkload.QUERIES][];
    ids = new List[SyntheticWorkload.QUERIES];
    for (int q = 0; q < SyntheticWorkload.QUERIES; q++) {
      vectors[q] = workload.queryVector(q);
      ids[q] = List.of(EntryId.of(lookups[q].key()).value());
    }
    checkParity(workload);
    if (client == Client.SEMCACHE) {
      SyntheticWorkload.Top1[] truth = workload.exactTop1();
      System.out.println(Recall.measure(cache, workload, truth, PrecomputedOnlyEmbedder.MODEL_ID)
          .describe("MilvusLookupBenchmark milvus-lite size=" + size));
    }
  }

  /** The wrapper's best candidate and the raw search's first result are the same entry. */
  private void checkParity(SyntheticWorkload workload) {
    for (int q = 0; q < PARITY_QUERIES; q++) {
      LookupResult wrapped = cache.lookup(workload.lookup(q, PrecomputedOnlyEmbedder.MODEL_ID, 0));
      List<SearchResp.SearchResult> direct = search(q).getSearchResults().get(0);
      if (!(wrapped instanceof LookupResult.Hit hit) || direct.isEmpty()
          || !hit.entryId().value().equals(direct.get(0).getId())
          || Math.abs(hit.similarity() - direct.get(0).getScore()) > 1e-5) {
        throw new IllegalStateException("setup: query " + q + ": the cache found " + wrapped
            + ", the raw search " + (direct.isEmpty() ? "nothing" : direct.get(0)));
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (cache != null) {
      cache.close();
    }
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
  }


  @Benchmark
  public Object lookup(Cursor cursor) {
    int q = cursor.next(lookups.length);
    return switch (client) {
      case SEMCACHE -> cache.lookup(lookups[q]);
      case RAW_GET_AND_SEARCH -> {
        get(q);
        yield search(q);
      }
      case RAW_SEARCH -> search(q);
    };
  }

  private QueryResp get(int q) {
    return raw.query(QueryReq.builder()
        .collectionName(collection)
        .ids(ids[q])
        .outputFields(OUTPUT_FIELDS)
        .consistencyLevel(CONSISTENCY)
        .build());
  }

  private SearchResp search(int q) {
    return raw.search(SearchReq.builder()
        .collectionName(collection)
        .annsField(VECTOR_FIELD)
        .data(List.of(new FloatVec(vectors[q])))
        .limit(LIMIT)
        .filter(partitionFilter + System.currentTimeMillis())
        .outputFields(OUTPUT_FIELDS)
        .searchParams(Map.of("ef", EF))
        .consistencyLevel(CONSISTENCY)
        .build());
  }
}
