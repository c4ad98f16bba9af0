package io.semcache.benchmarks.memory;

import io.semcache.CacheControl;
import io.semcache.CacheKey;
import io.semcache.Embedding;
import io.semcache.LoadResult;
import io.semcache.LookupRequest;
import io.semcache.ResponseChunk;
import io.semcache.ResponseMetadata;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import io.semcache.StreamResult;
import io.semcache.StreamedResponse;
import io.semcache.benchmarks.workload.Cursor;
import io.semcache.benchmarks.workload.PrecomputedOnlyEmbedder;
import io.semcache.benchmarks.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What streaming adds to a get-or-load, beside a plain {@code getOrLoad} of the same response in
 * the same run. The response is {@code chunks} chunks of 8 chars, the last with a finish reason.
 *
 * <ul>
 *   <li>{@link #hit}: an exact-text hit on an entry stored with its chunk lengths, returned whole
 *       ({@code PLAIN}), or replayed chunk by chunk to a subscriber requesting everything ({@code
 *       PUBLISHER}) or to a consumer ({@code CALLBACK}).
 *   <li>{@link #miss}: a {@code no-cache} get-or-load (no lookup, the loader runs, the response is
 *       stored, replacing the previous one), with a loader returning the text ({@code PLAIN}), a
 *       publisher emitting the chunks synchronously on demand ({@code PUBLISHER}: the store runs on
 *       the cache's executor after {@code onComplete}, and the benchmark waits for it), or a push
 *       loader on the calling thread ({@code CALLBACK}). (streamed − plain) / chunks is the capture
 *       cost per chunk.
 * </ul>
 *
 * <p>Precomputed vectors; the embedder throws if called.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StreamingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class StreamingBenchmark {

  /** How the response is handed over. */
  public enum Form {
    PLAIN, PUBLISHER, CALLBACK
  }

  private static final int KEYS = 256;
  private static final ResponseMetadata STOP = ResponseMetadata.builder().finishReason("stop")
      .build();

  /** Entries in the cache besides the benchmark's own (the smoke run passes its size). */
  @Param({"1000"})
  int size;

  @Param({"50"})
  int chunks;

  @Param({"PLAIN", "PUBLISHER", "CALLBACK"})
  Form form;

  private SemanticCache cache;
  private ResponseChunk[] responseChunks;
  private String text;
  private LookupRequest[] hits;
  private LookupRequest[] misses;

  @Setup(Level.Trial)
  public void setUp() {
    SyntheticWorkload workload = new SyntheticWorkload(size + 2 * KEYS);
    cache = MemoryCaches.create(SearchKind.EXACT, 4L * (size + 2 * KEYS));
    MemoryCaches.fill(cache, new SyntheticWorkload(size), SearchKind.EXACT,
        "StreamingBenchmark " + form);
    responseChunks = new ResponseChunk[chunks];
    List<Integer> lengths = new ArrayList<>(chunks);
    StringBuilder whole = new StringBuilder();
    for (int i = 0; i < chunks; i++) {
      String piece = String.format("tok%04d ", i);
      responseChunks[i] = i == chunks - 1 ? ResponseChunk.of(piece, STOP) : ResponseChunk.of(piece);
      lengths.add(piece.length());
      whole.append(piece);
    }
    text = whole.toString();
    ResponseMetadata streamed = STOP.toBuilder().chunkLengths(lengths).build();
    hits = new LookupRequest[KEYS];
    misses = new LookupRequest[KEYS];
    for (int i = 0; i < KEYS; i++) {
      StoreRequest stored = workload.storeRequest(size + i, PrecomputedOnlyEmbedder.MODEL_ID);
      if (!cache.put(StoreRequest.builder(stored.key(), text).metadata(streamed)
          .embedding(stored.embedding().orElseThrow()).build()).isStored()) {
        throw new IllegalStateException("setup: hit entry " + i + " was not stored");
      }
      hits[i] = LookupRequest.of(stored.key());
      StoreRequest fresh = workload.storeRequest(size + KEYS + i, PrecomputedOnlyEmbedder.MODEL_ID);
      Embedding embedding = fresh.embedding().orElseThrow();
      misses[i] = LookupRequest.builder(CacheKey.of(fresh.key().partition(), fresh.key().prompt()))
          .embedding(embedding).cacheControl(CacheControl.noCacheOnly()).build();
    }
    for (LookupRequest hit : hits) {
      if (!cache.lookup(hit).isHit()) {
        throw new IllegalStateException("setup: expected a hit for " + hit.key());
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  @Benchmark
  public Object hit(Cursor cursor, Blackhole blackhole) {
    LookupRequest request = hits[cursor.next(KEYS)];
    switch (form) {
      case PLAIN -> {
        LoadResult result = cache.getOrLoad(request, k -> {
          throw new IllegalStateException("expected a hit for " + k);
        });
        return result.response();
      }
      case PUBLISHER -> {
        StreamedResponse response = cache.getOrLoadStream(request, k -> {
          throw new IllegalStateException("expected a hit for " + k);
        });
        response.subscribe(new Draining(blackhole));
        return response.result().join(); // complete by now: the replay is synchronous
      }
      default -> {
        return cache.getOrLoadStream(request, (k, sink) -> {
          throw new IllegalStateException("expected a hit for " + k);
        }, blackhole::consume);
      }
    }
  }

  @Benchmark
  public Object miss(Cursor cursor, Blackhole blackhole) {
    LookupRequest request = misses[cursor.next(KEYS)];
    switch (form) {
      case PLAIN -> {
        return cache.getOrLoad(request, k -> text);
      }
      case PUBLISHER -> {
        StreamedResponse response = cache.getOrLoadStream(request,
            k -> new ChunkArrayPublisher(responseChunks));
        response.subscribe(new Draining(blackhole));
        return requireStored(response.result().join());
      }
      default -> {
        return requireStored(cache.getOrLoadStream(request, (k, sink) -> {
          for (ResponseChunk chunk : responseChunks) {
            sink.accept(chunk);
          }
        }, blackhole::consume));
      }
    }
  }

  private static StreamResult requireStored(StreamResult result) {
    if (!result.storeResult().orElseThrow().isStored()) {
      throw new IllegalStateException("the streamed response was not stored: " + result);
    }
    return result;
  }

  /** A subscriber that wants everything and hands it to the blackhole. */
  private static final class Draining implements Flow.Subscriber<ResponseChunk> {
    private final Blackhole blackhole;

    Draining(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ResponseChunk chunk) {
      blackhole.consume(chunk);
    }

    @Override
    public void onError(Throwable error) {
      throw new IllegalStateException(error);
    }

    @Override
    public void onComplete() { }
  }

  /** Emits fixed chunks synchronously, as many as requested, then completes. */
  private static final class ChunkArrayPublisher implements Flow.Publisher<ResponseChunk> {
    private final ResponseChunk[] chunks;

    ChunkArrayPublisher(ResponseChunk[] chunks) {
      this.chunks = chunks;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ResponseChunk> subscriber) {
      subscriber.onSubscribe(new Flow.Subscription() {
        private long demand;
        private int next;
        private boolean emitting;
        private boolean finished;

        @Override
        public void request(long n) {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
          if (emitting) {
            return; // the loop below picks it up
          }
          emitting = true;
          while (!finished && demand > 0 && next < chunks.length) {
            demand--;
            subscriber.onNext(chunks[next++]);
          }
          if (!finished && next == chunks.length) {
            finished = true;
            subscriber.onComplete();
          }
          emitting = false;
        }

        @Override
        public void cancel() {
          finished = true;
        }
      });
    }
  }
}
