package io.semcache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheControl;
import io.semcache.CacheKey;
import io.semcache.Embedder;
import io.semcache.ExportOptions;
import io.semcache.ImportOptions;
import io.semcache.ImportReport;
import io.semcache.LoadResult;
import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.Partition;
import io.semcache.Response;
import io.semcache.ResponseChunk;
import io.semcache.ResponseCodec;
import io.semcache.ResponseMetadata;
import io.semcache.ResponseSource;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import io.semcache.StreamResult;
import io.semcache.StreamedResponse;
import io.semcache.TagInvalidation;
import io.semcache.TransferEntry;
import io.semcache.chat.ChatKey;
import io.semcache.chat.ChatKeys;
import io.semcache.config.ConfigSection;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.config.YamlConfig;
import io.semcache.core.SemanticCaches;
import io.semcache.testing.TestEmbedder;
import io.semcache.transfer.EntryFileHeader;
import io.semcache.transfer.EntryFileReader;
import io.semcache.transfer.EntryFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code shown in the README, compiled and run, so the README cannot drift from the API. The
 * real embedder is replaced by the test embedder here; the quickstart command runs the real one.
 */
class ReadmeExamplesTest {

  private final Embedder embedder = new TestEmbedder();

  /** README: "Use it". */
  @Test
  void requestPath() {
    try (SemanticCache cache = MemorySemanticCache.builder()
        .embedder(embedder)
        .similarityThreshold(0.84)
        .defaultTtl(Duration.ofHours(6))
        .maximumEntries(50_000)
        .meterRegistry(new SimpleMeterRegistry())
        .build()) {

      // The partition holds what must match exactly; the prompt is compared by meaning.
      Partition partition = Partition.of("tenant-42", "gpt-4o", "You are a helpful assistant.");
      CacheKey key = CacheKey.of(partition, "How do I reset my password?");

      LoadResult result = cache.getOrLoad(key, k -> callTheLlm(k.prompt()));
      assertThat(result.source()).isEqualTo(ResponseSource.LOADED);

      LoadResult again = cache.getOrLoad(key, k -> callTheLlm(k.prompt()));
      assertThat(again.fromCache()).isTrue();
    }
  }

  /** README: lookup and store separately, embedding the prompt once. */
  @Test
  void lookupThenStore() {
    try (SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
        .meterRegistry(new SimpleMeterRegistry()).build()) {
      CacheKey key = CacheKey.of(Partition.of("tenant-42", "gpt-4o"), "What is a semantic cache?");

      LookupResult result = cache.lookup(key);
      if (result instanceof LookupResult.Hit hit) {
        System.out.printf("hit %.3f: %s%n", hit.similarity(), hit.response());
      } else if (result instanceof LookupResult.Miss miss) {
        String response = callTheLlm(key.prompt());
        cache.put(StoreRequest.builder(key, response)
            .embedding(miss.embedding().orElseThrow()) // or StoreRequest.forMiss(miss, response)
            .ttl(Duration.ofMinutes(30))
            .build());
      }
      assertThat(cache.lookup(key).isHit()).isTrue();
    }
  }

  /** README: per-request cache control. */
  @Test
  void cacheControlFromAHeader() {
    try (SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
        .meterRegistry(new SimpleMeterRegistry()).build()) {
      CacheKey key = CacheKey.of(Partition.of("tenant-42", "gpt-4o"), "What is a semantic cache?");
      cache.put(key, "an old answer");
      String headerValue = "no-cache";

      CacheControl control = CacheControl.parse(headerValue); // e.g. "no-cache", from x-cache-control
      LoadResult result = cache.getOrLoad(
          LookupRequest.builder(key).cacheControl(control).build(), k -> callTheLlm(k.prompt()));

      assertThat(result.source()).isEqualTo(ResponseSource.LOADED);
      assertThat(cache.lookup(key).asHit().orElseThrow().response())
          .isEqualTo(callTheLlm(key.prompt()));
    }
  }

  /** README: "Responses with metadata, and tags". */
  @Test
  void responsesWithMetadataAndTags() {
    try (SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
        .meterRegistry(new SimpleMeterRegistry()).build()) {
      CacheKey key = CacheKey.of(Partition.of("tenant-42", "gpt-4o"), "What does Premium cost?");

      LoadResult result = cache.getOrLoadResponse(LookupRequest.of(key), k -> {
        Completion completion = callTheLlmForCompletion(k.prompt());
        ResponseMetadata metadata = ResponseMetadata.builder()
            .finishReason(completion.finishReason())
            .model(completion.model())
            .tokenUsage(completion.promptTokens(), completion.completionTokens())
            .attribute("x-request-id", completion.requestId())
            .build();
        return Response.of(completion.text(), metadata)
            .withTags("price-list"); // the facts this answer depends on
      });
      respond(result.response(), result.metadata().finishReason().orElse("stop"));

      // Later, when the price list changes:
      TagInvalidation dryRun = cache.countByTag("price-list");   // how many would go
      TagInvalidation removed = cache.invalidateByTag("price-list");

      assertThat(dryRun.entries()).isEqualTo(1);
      assertThat(removed.outcome()).isEqualTo(TagInvalidation.Outcome.REMOVED);
      assertThat(cache.lookup(key).isHit()).isFalse();
    }
  }

  /** README: a structured response through a codec. */
  @Test
  void structuredResponsesThroughACodec() {
    try (SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
        .meterRegistry(new SimpleMeterRegistry()).build()) {
      CacheKey key = CacheKey.of(Partition.of("tenant-42", "gpt-4o"), "Weather in Oslo?");
      ResponseCodec<Map<String, String>> json = new FlatJsonCodec();

      cache.put(StoreRequest.builder(key, Response.encode(json,
          Map.of("tool", "get_weather", "city", "Oslo"), ResponseMetadata.NONE)).build());
      Map<String, String> call = cache.lookup(key).asHit().orElseThrow().asResponse()
          .decode(json); // IllegalArgumentException if stored with another content type

      assertThat(call).containsEntry("city", "Oslo");
    }
  }

  /** A toy codec for the README: a flat JSON object of strings, with no escaping. */
  private static final class FlatJsonCodec implements ResponseCodec<Map<String, String>> {
    @Override
    public String contentType() {
      return "application/json";
    }

    @Override
    public String encode(Map<String, String> value) {
      StringBuilder out = new StringBuilder("{");
      new java.util.TreeMap<>(value).forEach((k, v) ->
          out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
              .append(v).append('"'));
      return out.append('}').toString();
    }

    @Override
    public Map<String, String> decode(String text) {
      Map<String, String> map = new java.util.TreeMap<>();
      for (String pair : text.substring(1, text.length() - 1).split(",")) {
        String[] parts = pair.split(":", 2);
        map.put(parts[0].replace("\"", ""), parts[1].replace("\"", ""));
      }
      return map;
    }
  }

  private record Completion(String text, String finishReason, String model, long promptTokens,
      long completionTokens, String requestId) {}

  private static Completion callTheLlmForCompletion(String prompt) {
    return new Completion("Premium costs 12 EUR a month.", "stop", "gpt-4o-2024-08-06", 14, 9,
        "req-1");
  }

  private static void respond(String text, String finishReason) {
    assertThat(text).isNotEmpty();
    assertThat(finishReason).isEqualTo("stop");
  }

  /** README: "Keys from a chat request". */
  @Test
  void keysFromAChatRequest() {
    try (SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
        .meterRegistry(new SimpleMeterRegistry()).build()) {
      ChatKeys chatKeys = ChatKeys.builder().maxTemperature(0.7).build();
      String requestJson = """
          {"model": "gpt-4o", "temperature": 0.2, "stream": true,
           "messages": [{"role": "system", "content": "You are terse."},
                        {"role": "user", "content": "How do I reset my password?"}]}""";

      ChatKey chatKey = chatKeys.keyOf("tenant-42", requestJson);
      if (chatKey instanceof ChatKey.Cacheable cacheable) {
        cache.getOrLoad(cacheable.key(), k -> callTheLlm(k.prompt()));
      } else if (chatKey instanceof ChatKey.NotCacheable skip) {
        callTheLlm(requestJson); // skip.reason() says why: a tool result, n > 1, ...
      }

      // The same request written another way (key order, 0.20, no stream) hits.
      String sameRequest = """
          {"messages": [{"content": "You are terse.", "role": "system"},
                        {"content": "How do I reset my password?", "role": "user"}],
           "temperature": 0.20, "model": "gpt-4o"}""";
      ChatKey.Cacheable again = (ChatKey.Cacheable) chatKeys.keyOf("tenant-42", sameRequest);
      assertThat(cache.lookup(again.key()).isHit()).isTrue();
    }
  }

  /** README: "Streaming", the publisher form. */
  @Test
  void streamingWithAPublisher() throws Exception {
    try (SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
        .meterRegistry(new SimpleMeterRegistry()).build()) {
      CacheKey key = CacheKey.of(Partition.of("tenant-42", "gpt-4o"), "Tell me a short story.");
      List<String> sent = new ArrayList<>();
      Flow.Subscriber<ResponseChunk> sseWriter = new SseWriter(sent);

      StreamedResponse response = cache.getOrLoadStream(LookupRequest.of(key),
          k -> streamTheLlm(k.prompt()));   // a Flow.Publisher<ResponseChunk>
      response.subscribe(sseWriter);         // chunks as they arrive, or replayed on a hit
      // response.source(): LOADED, JOINED_LOAD, EXACT_HIT or SEMANTIC_HIT, known before any chunk

      assertThat(response.result().get(10, TimeUnit.SECONDS).storeResult().orElseThrow()
          .isStored()).isTrue();
      StreamedResponse again = cache.getOrLoadStream(LookupRequest.of(key),
          k -> streamTheLlm(k.prompt()));
      again.subscribe(new SseWriter(sent));
      assertThat(again.fromCache()).isTrue();
      assertThat(sent).containsExactly("Once ", "upon ", "a time.", "", "Once ", "upon ",
          "a time.");
    }
  }

  /** README: "Streaming", the callback form. */
  @Test
  void streamingWithCallbacks() {
    try (SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
        .meterRegistry(new SimpleMeterRegistry()).build()) {
      CacheKey key = CacheKey.of(Partition.of("tenant-42", "gpt-4o"), "Tell me a short story.");
      List<String> sent = new ArrayList<>();

      StreamResult result = cache.getOrLoadStream(LookupRequest.of(key), (k, chunks) -> {
        for (String token : callTheLlmStreaming(k.prompt())) {   // e.g. an SSE client's loop
          chunks.accept(ResponseChunk.of(token));
        }
        ResponseMetadata stop = ResponseMetadata.builder().finishReason("stop").build();
        chunks.accept(ResponseChunk.of("", stop));     // the finish reason comes last
      }, chunk -> sent.add(chunk.text()));                      // e.g. write an SSE event

      assertThat(result.storeResult().orElseThrow().isStored()).isTrue();
      assertThat(cache.lookup(key).asHit().orElseThrow().metadata().chunkLengths())
          .containsExactly(5, 5, 7);
      assertThat(sent).containsExactly("Once ", "upon ", "a time.", "");
    }
  }

  private static List<String> callTheLlmStreaming(String prompt) {
    return List.of("Once ", "upon ", "a time.");
  }

  /** An LLM client's stream: the story's chunks, then a finish reason, on demand. */
  private static Flow.Publisher<ResponseChunk> streamTheLlm(String prompt) {
    List<ResponseChunk> chunks = new ArrayList<>();
    callTheLlmStreaming(prompt).forEach(text -> chunks.add(ResponseChunk.of(text)));
    chunks.add(ResponseChunk.of("", ResponseMetadata.builder().finishReason("stop").build()));
    return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
      private int next;
      private boolean emitting;
      private long demand;

      @Override
      public void request(long n) {
        demand += n;
        if (emitting) {
          return;
        }
        emitting = true;
        while (demand > 0 && next < chunks.size()) {
          demand--;
          subscriber.onNext(chunks.get(next++));
        }
        if (next == chunks.size()) {
          next++;
          subscriber.onComplete();
        }
        emitting = false;
      }

      @Override
      public void cancel() {
        next = chunks.size() + 1;
      }
    });
  }

  /** Writes each chunk as a server-sent event; here, to a list. */
  private record SseWriter(List<String> sent) implements Flow.Subscriber<ResponseChunk> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ResponseChunk chunk) {
      sent.add(chunk.text());
    }

    @Override
    public void onError(Throwable error) {
      throw new AssertionError(error);
    }

    @Override
    public void onComplete() { }
  }

  /** README: "From the router's YAML". */
  @Test
  void fromRouterConfiguration() {
    YamlConfig yaml = YamlConfig.parse("""
        semantic_cache:
          backend_type: memory
          similarity_threshold: 0.9
          ttl_seconds: 3600
          max_entries: 10000
        """, "config.yaml", Path.of("."), Map.<String, String>of()::get);
    ConfigSection block = yaml.root().sectionOrEmpty("semantic_cache");
    SemanticCacheConfig config = SemanticCacheConfig.read(block);
    yaml.requireValid(); // every problem of the file at once, each with its YAML path

    SemanticCache cache = SemanticCaches.fromConfig(config, embedder, new SimpleMeterRegistry())
        .orElseThrow(); // empty when `enabled: false`
    assertThat(cache.inspect().backend()).isEqualTo("memory");
    cache.close();
  }

  /** README: "Warming, exporting, importing, migrating". */
  @Test
  void warmExportAndImport(@TempDir Path dir) throws IOException {
    Path entriesFile = dir.resolve("entries.jsonl");
    long lastCheckpoint = 0;
    List<Long> checkpoints = new ArrayList<>();
    try (SemanticCache cache = MemorySemanticCache.builder().embedder(embedder)
            .meterRegistry(new SimpleMeterRegistry()).build();
        SemanticCache other = MemorySemanticCache.builder().embedder(embedder)
            .meterRegistry(new SimpleMeterRegistry()).name("other").build()) {
      Partition partition = Partition.of("tenant-42", "gpt-4o");

      // Warm a cache with prompt/response pairs: embedded in batches, a batch per core at once.
      List<TransferEntry> pairs = List.of(
          TransferEntry.of(CacheKey.of(partition, "How do I reset my password?"), "Settings"),
          TransferEntry.of(CacheKey.of(partition, "What are your opening hours?"), "9 to 5"));
      ImportReport warmed = cache.entries().importFrom(pairs.iterator(), ImportOptions.defaults());

      // Export every live entry, vectors included, to an entry file...
      try (EntryFileWriter file = EntryFileWriter.create(entriesFile, EntryFileHeader.withVectors(
          cache.inspect().embedderModelId(), cache.inspect().dimension(), Instant.now()))) {
        cache.entries().exportTo(file, ExportOptions.withVectors());
      }
      // ...and import it into another cache, of any backend, after the last saved checkpoint.
      try (EntryFileReader file = EntryFileReader.open(entriesFile)) {
        ImportReport report = other.entries().importFrom(file, ImportOptions.defaults()
            .resumeAfter(lastCheckpoint)
            .onProgress(progress -> checkpoints.add(progress.position())));
        System.out.printf("%d stored, %d refused, %d expired, %.0f entries/s%n", report.stored(),
            report.refused(), report.skippedExpired(), report.entriesPerSecond());
        assertThat(report.stored()).isEqualTo(2);
        assertThat(report.progress().embedded()).isZero();
      }

      assertThat(warmed.stored()).isEqualTo(2);
      assertThat(checkpoints).containsExactly(2L);
      assertThat(other.lookup(CacheKey.of(partition, "What are your opening hours?")).isHit())
          .isTrue();
    }
  }

  private static String callTheLlm(String prompt) {
    return "an answer to: " + prompt;
  }
}
