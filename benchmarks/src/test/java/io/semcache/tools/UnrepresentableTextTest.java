package io.semcache.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.Embedder;
import io.semcache.Embedding;
import io.semcache.LookupResult;
import io.semcache.MatchKind;
import io.semcache.MissReason;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.memory.MemorySemanticCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Text the real all-MiniLM-L6-v2 cannot represent: characters outside its vocabulary become its
 * unknown token, so different questions embed identically (similarity 1.0). At the defaults such
 * prompts must hit on identical text only.
 */
class UnrepresentableTextTest {

  private static Embedder embedder;
  private SemanticCache cache;
  private final Partition acme = Partition.of("acme", "gpt-4o");

  @BeforeAll
  static void loadModel() {
    embedder = BundledModel.embedder();
  }

  @AfterAll
  static void closeModel() {
    embedder.close();
  }

  @BeforeEach
  void open() {
    cache = MemorySemanticCache.builder().embedder(embedder).closeEmbedderOnClose(false)
        .meterRegistry(new SimpleMeterRegistry()).build();
  }

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  void differentQuestionsTheModelCannotReadAreNotServedForEachOther() {
    assertNotServedForEachOther("如何重置我的密码？", "如何删除我的账户？");
    assertNotServedForEachOther("Best \uD83C\uDF55 in Rome?", "Best \uD83C\uDF63 in Rome?");
  }

  @Test
  void englishParaphrasesStillHit() {
    cache.put(CacheKey.of(acme, "How do I reset my password?"), "Settings > Security");
    LookupResult result = cache.lookup(CacheKey.of(acme, "How can I reset my password?"));
    assertThat(result.asHit()).as("%s", result).isPresent();
    assertThat(result.asHit().orElseThrow().match()).isEqualTo(MatchKind.SEMANTIC);
  }

  private void assertNotServedForEachOther(String stored, String asked) {
    Embedding storedVector = embedder.embed(stored);
    Embedding askedVector = embedder.embed(asked);
    assertThat(storedVector.unknownTokenCount()).as("unknown tokens of %s", stored).isPositive();
    // The reason for the rule: the model sees (nearly) the same thing.
    assertThat(storedVector.cosine(askedVector)).as("cosine of %s / %s", stored, asked)
        .isGreaterThan(0.9);
    cache.put(CacheKey.of(acme, stored), "answer to " + stored);

    LookupResult result = cache.lookup(CacheKey.of(acme, asked));

    assertThat(result.isHit()).as("%s served for %s", stored, asked).isFalse();
    assertThat(((LookupResult.Miss) result).reason()).isEqualTo(MissReason.PROMPT_UNREPRESENTABLE);
    assertThat(cache.lookup(CacheKey.of(acme, stored)).asHit().orElseThrow().match())
        .isEqualTo(MatchKind.EXACT);
  }
}
