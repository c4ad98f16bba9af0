package io.semcache.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.LookupResult;
import io.semcache.MatchKind;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.milvus.testing.MilvusEndpoint;
import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;
import io.semcache.testing.TestEmbedder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Read-your-writes and cross-replica visibility on the real Milvus 2.3.5 server, per consistency
 * level. Asserts behaviour only (a replica's lookup right after its own store hits, exactly and
 * semantically; another replica sees the store within 5 s); the timings are printed, never
 * asserted (this machine is shared and noisy):
 *
 * <ul>
 *   <li>lookup latency right after the replica's own store versus an ordinary lookup of an older
 *       entry, p50 and p90, for an exact and a paraphrased prompt;
 *   <li>how long until another replica (a second cache with its own client) sees the store.
 * </ul>
 */
@WithMilvus(MilvusFlavor.STANDALONE)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MilvusConsistencyFiguresStandaloneTest {

  /** Rounds per level; Strong makes every read wait ~0.4 s on 2.3.5, so it gets fewer. */
  private static final int ROUNDS = 40;
  private static final int STRONG_ROUNDS = 10;

  private final TestEmbedder embedder = new TestEmbedder();
  private final Partition acme = Partition.of("acme", "gpt-4o");
  private final List<SemanticCache> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(SemanticCache::close);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Session", "Bounded", "Eventually", "Strong"})
  void ownWritesAreReadAtOnceAndOtherReplicasSeeThemSoon(String level, MilvusEndpoint endpoint)
      throws InterruptedException {
    int rounds = level.equals("Strong") ? STRONG_ROUNDS : ROUNDS;
    String collection = MilvusTestConfigs.uniqueCollection("consistency");
    MilvusConfig config = MilvusTestConfigs.forEndpoint(endpoint, collection)
        .consistency(MilvusConfig.Consistency.valueOf(level.toUpperCase(Locale.ROOT))).build();
    SemanticCache writer = cache(config);
    SemanticCache other = cache(config);
    for (int i = 0; i < 2 * ROUNDS + 10; i++) {
      embedder.define(prompt(i), embedder.axis(i % 190));
      embedder.define(paraphrase(i), embedder.vectorWithCosine(i % 190, 190 + i % 190, 0.95));
    }
    // Older entries, for ordinary lookups: stored by the other replica, so that the writer reads
    // them from Milvus (its own recent writes it would read locally); and a warm-up of both paths.
    for (int i = 0; i < ROUNDS; i++) {
      other.put(CacheKey.of(acme, prompt(i)), "old " + i);
    }
    Thread.sleep(1_500);
    for (int i = 0; i < 5; i++) {
      writer.lookup(CacheKey.of(acme, prompt(i)));
      writer.lookup(CacheKey.of(acme, paraphrase(i)));
    }

    long[] ordinaryExact = new long[rounds];
    long[] ordinarySemantic = new long[rounds];
    long[] ownExact = new long[rounds];
    long[] ownSemantic = new long[rounds];
    long[] otherReplica = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      int old = r;
      ordinaryExact[r] = timed(() -> assertHit(writer, prompt(old), MatchKind.EXACT));
      ordinarySemantic[r] = timed(() -> assertHit(writer, paraphrase(old), MatchKind.SEMANTIC));
      int fresh = ROUNDS + r;
      assertThat(writer.put(CacheKey.of(acme, prompt(fresh)), "new " + fresh).isStored())
          .isTrue();
      long storedAt = System.nanoTime();
      ownExact[r] = timed(() -> assertHit(writer, prompt(fresh), MatchKind.EXACT));
      ownSemantic[r] = timed(() -> assertHit(writer, paraphrase(fresh), MatchKind.SEMANTIC));
      long deadline = storedAt + TimeUnit.SECONDS.toNanos(5);
      while (!other.lookup(CacheKey.of(acme, prompt(fresh))).isHit()) {
        assertThat(System.nanoTime()).as("another replica sees the store within 5 s")
            .isLessThan(deadline);
        Thread.sleep(5);
      }
      otherReplica[r] = System.nanoTime() - storedAt;
    }
    System.out.printf(Locale.ROOT, "consistency %s (Milvus 2.3.5, %d rounds): lookup p50/p90 ms"
        + " ordinary exact %s, right after own store exact %s; ordinary semantic %s, right after"
        + " own store semantic %s; another replica sees a store after %s%n",
        level, rounds, percentiles(ordinaryExact), percentiles(ownExact),
        percentiles(ordinarySemantic), percentiles(ownSemantic), percentiles(otherReplica));
  }

  private void assertHit(SemanticCache cache, String prompt, MatchKind kind) {
    LookupResult result = cache.lookup(CacheKey.of(acme, prompt));
    assertThat(result.asHit()).as("hit for '%s'", prompt).isPresent();
    assertThat(result.asHit().get().match()).isEqualTo(kind);
  }

  private static long timed(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return System.nanoTime() - start;
  }

  private static String percentiles(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "%.1f/%.1f", sorted[sorted.length / 2] / 1e6,
        sorted[(int) Math.ceil(sorted.length * 0.9) - 1] / 1e6);
  }

  private static String prompt(int i) {
    return "stored question " + i;
  }

  private static String paraphrase(int i) {
    return "paraphrased question " + i;
  }

  private SemanticCache cache(MilvusConfig config) {
    SemanticCache cache = MilvusSemanticCache.builder().config(config).embedder(embedder)
        .verifiers(List.of()).similarityThreshold(0.9).meterRegistry(new SimpleMeterRegistry())
        .name("replica-" + opened.size()).build();
    opened.add(cache);
    return cache;
  }
}
