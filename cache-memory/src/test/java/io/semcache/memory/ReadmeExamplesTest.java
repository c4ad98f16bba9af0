package io.semcache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheControl;
import io.semcache.CacheKey;
import io.semcache.Embedder;
import io.semcache.LoadResult;
import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.Partition;
import io.semcache.ResponseChunk;
import io.semcache.ResponseMetadata;
import io.semcache.ResponseSource;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import io.semcache.StreamResult;
import io.semcache.StreamedResponse;
import io.semcache.chat.ChatKey;
import io.semcache.chat.ChatKeys;
import io.semcache.config.ConfigSection;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.config.YamlConfig;
import io.semcache.core.SemanticCaches;
import io.semcache.testing.TestEmbedder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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

  private static String callTheLlm(String prompt) {
    return "an answer to: " + prompt;
  }
}
