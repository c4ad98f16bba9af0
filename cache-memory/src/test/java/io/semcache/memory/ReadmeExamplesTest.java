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
import io.semcache.ResponseSource;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import io.semcache.chat.ChatKey;
import io.semcache.chat.ChatKeys;
import io.semcache.config.ConfigSection;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.config.YamlConfig;
import io.semcache.core.SemanticCaches;
import io.semcache.testing.TestEmbedder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.semcache.ExportOptions;
import io.semcache.ImportOptions;
import io.semcache.ImportReport;
import io.semcache.TransferEntry;
import io.semcache.transfer.EntryFileHeader;
import io.semcache.transfer.EntryFileReader;
import io.semcache.transfer.EntryFileWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
