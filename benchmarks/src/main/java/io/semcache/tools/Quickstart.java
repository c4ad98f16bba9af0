package io.semcache.tools;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.Embedder;
import io.semcache.LoadResult;
import io.semcache.LookupResult;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.embedding.DjlEmbedderConfig;
import io.semcache.embedding.DjlSentenceEmbedder;
import io.semcache.memory.MemorySemanticCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The quickstart run by {@code scripts/quickstart.sh}: the embedded default (memory backend) with
 * the real all-MiniLM-L6-v2 embedder on the PyTorch engine, offline.
 */
public final class Quickstart {

  private Quickstart() {}

  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true");
    Path modelDir = args.length > 0 ? Path.of(args[0]) : Tools.defaultModelDirectory();
    if (!Files.isRegularFile(modelDir.resolve("tokenizer.json"))) {
      System.err.println("No model in " + modelDir + ": run scripts/provision-model.sh first"
          + " (scripts/quickstart.sh does it for you).");
      System.exit(1);
    }
    long start = System.nanoTime();
    try (Embedder embedder = DjlSentenceEmbedder.create(
            DjlEmbedderConfig.builder().modelDirectory(modelDir).build());
        SemanticCache cache = MemorySemanticCache.builder()
            .embedder(embedder)
            .defaultTtl(Duration.ofHours(1))
            .meterRegistry(new SimpleMeterRegistry())
            .build()) {
      System.out.printf("embedder %s (%d dimensions) loaded in %.1f s; threshold %.2f%n%n",
          embedder.modelId(), embedder.dimension(), (System.nanoTime() - start) / 1e9,
          cache.inspect().thresholdFor(Partition.of("acme", "gpt-4o")).value());

      Partition acme = Partition.of("acme", "gpt-4o", "You are a helpful support assistant.");
      List<String[]> answered = List.of(
          new String[] {"How do I reset my password?",
              "Open Settings > Security and choose 'Reset password'."},
          new String[] {"What are your opening hours?",
              "We are open Monday to Friday, 9:00 to 17:00."},
          new String[] {"How can I cancel my subscription?",
              "Go to Billing > Subscription and click 'Cancel'."});
      for (String[] qa : answered) {
        cache.put(CacheKey.of(acme, qa[0]), qa[1]);
        System.out.println("stored:  " + qa[0]);
      }
      System.out.println();

      show(cache, CacheKey.of(acme, "How to reset password"));
      show(cache, CacheKey.of(acme, "I want to cancel my subscription"));
      show(cache, CacheKey.of(acme, "I forgot my password, how can I change it?"));
      show(cache, CacheKey.of(acme, "What is the capital of France?"));
      show(cache, CacheKey.of(Partition.of("globex", "gpt-4o"), "How do I reset my password?"));
      // The model's vocabulary has no emoji: both prompts are the same tokens to it, so the cache
      // only serves identical text for prompts like these.
      cache.put(CacheKey.of(acme, "Best \uD83C\uDF55 in Rome?"), "Try Pizzeria da Michele.");
      show(cache, CacheKey.of(acme, "Best \uD83C\uDF63 in Rome?"));

      long t = System.nanoTime();
      LoadResult loaded = cache.getOrLoad(CacheKey.of(acme, "Do you ship to Canada?"),
          key -> "Yes, we ship to Canada within 5 business days.");
      LoadResult again = cache.getOrLoad(CacheKey.of(acme, "Do you offer shipping to Canada?"),
          key -> "(the LLM would be called here)");
      System.out.printf("%ngetOrLoad: first call %s, paraphrase %s -> \"%s\" (%.1f ms for both)%n",
          loaded.source(), again.source(), again.response(), (System.nanoTime() - t) / 1e6);
      System.out.println("stats: " + cache.stats());
    }
  }

  private static void show(SemanticCache cache, CacheKey key) {
    long t = System.nanoTime();
    LookupResult result = cache.lookup(key);
    double ms = (System.nanoTime() - t) / 1e6;
    String where = key.partition().tenant().equals("acme") ? "" : " [tenant " + key.partition().tenant() + "]";
    if (result instanceof LookupResult.Hit hit) {
      System.out.printf("HIT   %.3f  \"%s\"%s%n        matched \"%s\" -> \"%s\" (%.1f ms)%n",
          hit.similarity(), key.prompt(), where, hit.matchedPrompt(), hit.response(), ms);
    } else {
      LookupResult.Miss miss = (LookupResult.Miss) result;
      System.out.printf("MISS  %s  \"%s\"%s%n        %s (%.1f ms)%n",
          miss.bestSimilarity().isPresent()
              ? String.format("%.3f", miss.bestSimilarity().getAsDouble()) : "  -  ",
          key.prompt(), where, miss.reason(), ms);
    }
  }
}
