package io.semcache.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.LookupResult;
import io.semcache.MatchKind;
import io.semcache.MissReason;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.StoreOutcome;
import io.semcache.milvus.testing.MilvusProxy;
import io.semcache.milvus.testing.MilvusTestServer;
import io.semcache.testing.TestEmbedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cache against a server that restarts, crashes or hangs: acknowledged entries survive, and
 * the caller never sees an exception. Needs a dedicated server (subclasses ask for one), since
 * these tests stop and kill it.
 */
// Real Milvus reloads its collections after a restart in 35 s or more; two restarts per test.
@Timeout(value = 420, unit = TimeUnit.SECONDS)
abstract class MilvusResilienceTests {

  /** The Milvus backend's recent-writes window (10 s) and a margin. */
  private static final Duration RECENT_WRITES_WINDOW = Duration.ofMillis(10_500);

  /**
   * The recovery goal: hits again within this long after the server is back. Measured and
   * printed on every run (2.1-3.7 s on 2.3.5 and under 1 s on milvus-lite in most CI runs), not
   * asserted: one CI run on the loaded 2-core machine took 5.3 s after a graceful stop of 2.3.5,
   * and timing here is measured rather than asserted, since a tight bound fails on noise.
   */
  private static final Duration RECOVERY_GOAL = Duration.ofSeconds(5);
  /** What the drill asserts: that the cache recovers by itself, within a few probe cycles. */
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
  /** What a stalled lookup may take beyond the request timeout: thread hand-off, scheduling. */
  private static final Duration STALL_MARGIN = Duration.ofMillis(300);

  private final TestEmbedder embedder = new TestEmbedder();
  private final Partition acme = Partition.of("acme", "gpt-4o");
  private final List<SemanticCache> opened = new ArrayList<>();
  private MilvusTestServer server;

  @BeforeEach
  void useServer(MilvusTestServer server) {
    this.server = server;
  }

  @AfterEach
  void leaveTheServerRunning() {
    opened.forEach(SemanticCache::close);
    if (!server.isRunning()) {
      server.restart();
    }
  }

  @Test
  void acknowledgedEntriesSurviveAGracefulRestartAndACrash() {
    String collection = MilvusTestConfigs.uniqueCollection("durable");
    MilvusConfig config = MilvusTestConfigs.forEndpoint(server.endpoint(), collection).build();
    embedder.define("How do I reset my password?", embedder.axis(0));
    embedder.define("I forgot my password, how can I change it?",
        embedder.vectorWithCosine(0, 1, 0.95));
    SemanticCache before = cache(config);
    before.put(CacheKey.of(acme, "How do I reset my password?"), "Click 'Forgot password'.");
    for (int i = 0; i < 20; i++) {
      assertThat(before.put(CacheKey.of(acme, "before stop " + i), "answer " + i).isStored())
          .isTrue();
    }
    before.close();

    server.stop();
    server.restart();

    SemanticCache afterStop = cache(config);
    for (int i = 0; i < 20; i++) {
      assertThat(afterStop.lookup(CacheKey.of(acme, "before stop " + i)).asHit())
          .as("entry %d after a graceful restart", i).isPresent();
    }
    LookupResult paraphrase =
        afterStop.lookup(CacheKey.of(acme, "I forgot my password, how can I change it?"));
    assertThat(paraphrase.asHit().orElseThrow().match()).isEqualTo(MatchKind.SEMANTIC);
    for (int i = 0; i < 20; i++) {
      assertThat(afterStop.put(CacheKey.of(acme, "before kill " + i), "answer " + i).isStored())
          .isTrue();
    }

    server.kill(); // right after the acknowledgements: no flush, no warning
    server.restart();

    SemanticCache afterKill = cache(config);
    for (int i = 0; i < 20; i++) {
      assertThat(afterKill.lookup(CacheKey.of(acme, "before kill " + i)).asHit())
          .as("entry %d after kill -9", i).isPresent();
      assertThat(afterKill.lookup(CacheKey.of(acme, "before stop " + i)).asHit()).isPresent();
    }
  }

  /**
   * The outage drill: a stream of lookups and stores from four threads; the server is
   * killed and restarted. No exception reaches a caller, lookups miss and stores fail or are
   * dropped during the outage, and lookups hit again by themselves after the restart (how soon is
   * printed against the 5 s goal, see {@link #RECOVERY_GOAL}).
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"kill -9", "stop"})
  void outageDrillFailsOpenLosesNothingAndRecoversByItself(String how)
      throws Exception {
    String collection = MilvusTestConfigs.uniqueCollection("drill");
    SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(server.endpoint(), collection)
        .build());
    List<CacheKey> known = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      CacheKey key = CacheKey.of(acme, "known question " + i);
      cache.put(key, "known answer " + i);
      known.add(key);
    }
    // The cache answers for its own writes of the last 10 s from a local segment (read-your-own-
    // writes); wait that out, so the drill's lookups of the known keys depend on Milvus alone.
    Thread.sleep(RECENT_WRITES_WINDOW.toMillis());
    Queue<Event> events = new ConcurrentLinkedQueue<>();
    Queue<Throwable> thrown = new ConcurrentLinkedQueue<>();
    Queue<CacheKey> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService callers = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      int thread = t;
      callers.execute(() -> stream(cache, known, thread, running, events, thrown, acknowledged));
    }
    try {
      Thread.sleep(1_500);
      long killing = System.nanoTime();
      if (how.equals("stop")) {
        server.stop();
      } else {
        server.kill();
      }
      long killedAt = System.nanoTime(); // calls that started earlier may still have succeeded
      Thread.sleep(4_000);
      long restarting = System.nanoTime(); // the server may serve before restart() returns
      server.restart();
      long upAt = System.nanoTime();
      long firstHitAt = awaitHitAfter(events, upAt, RECOVERY_BOUND);
      Thread.sleep(1_000);
      running.set(false);
      callers.shutdown();
      assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      List<Event> outage = events.stream()
          .filter(e -> e.startNanos() > killedAt && e.endNanos() < restarting).toList();
      Map<String, Long> outageCounts = outage.stream()
          .collect(Collectors.groupingBy(Event::what, Collectors.counting()));
      long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(firstHitAt - upAt);
      long slowestOutageLookup = events.stream()
          .filter(e -> e.endNanos() > killing && e.startNanos() < upAt
              && e.what().startsWith("miss"))
          .mapToLong(e -> TimeUnit.NANOSECONDS.toMillis(e.endNanos() - e.startNanos()))
          .max().orElse(0);
      List<CacheKey> lost = new ArrayList<>();
      for (CacheKey key : acknowledged) {
        if (!cache.lookup(key).isHit()) {
          lost.add(key);
        }
      }
      System.out.printf("outage drill (%s, %s): hits again %d ms after restart() returned"
          + " (the server answering with its collections loaded; goal %d ms %s); during the 4 s"
          + " outage %s; slowest lookup then %d ms; %d acknowledged stores, %d lost%n",
          server.description().split(" at ")[0], how, recoveryMillis, RECOVERY_GOAL.toMillis(),
          recoveryMillis < RECOVERY_GOAL.toMillis() ? "met" : "MISSED", outageCounts,
          slowestOutageLookup, acknowledged.size(), lost.size());
      if (server.description().startsWith("milvus-lite")) {
        // milvus-lite 3.2.2 loses acknowledged writes when stopped or killed under concurrent load
        // (kill -9: 19 of 236 in one run; a SIGINT stop: 713 of 1,075 in another; 0 in most; see
        // MILVUS_LITE_NOTES.md): a property of that server, which the real server does not share
        // (0 lost, asserted on it in every run). Printed above, not asserted here.
      } else {
        assertThat(lost).as("acknowledged (STORED) entries missing after the outage").isEmpty();
      }

      assertThat(thrown).as("exceptions that reached a caller").isEmpty();
      assertThat(events.stream().filter(e -> e.what().equals("hit") && e.endNanos() < killedAt))
          .as("hits before the outage").isNotEmpty();
      assertThat(outageCounts.keySet()).as("during the outage")
          .doesNotContain("hit", "store " + StoreOutcome.STORED)
          .contains("miss " + MissReason.BACKEND_FAILED, "store " + StoreOutcome.DROPPED);
      assertThat(Duration.ofMillis(recoveryMillis)).as("recovery after the restart")
          .isLessThan(RECOVERY_BOUND);
      assertThat(cache.lookup(known.get(0)).isHit()).isTrue();
    } finally {
      running.set(false);
      callers.shutdownNow();
    }
  }

  @Test
  void aStalledServerCostsALookupNoMoreThanTheRequestTimeout() throws Exception {
    Duration requestTimeout = Duration.ofMillis(500);
    try (MilvusProxy proxy = MilvusProxy.plain(server.endpoint())) {
      String collection = MilvusTestConfigs.uniqueCollection("stall");
      SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(proxy.endpoint(), collection)
          .requestTimeout(requestTimeout).build());
      CacheKey key = CacheKey.of(acme, "asked before the stall");
      // Stored by another replica: the cache's own recent writes it would answer locally, and
      // this test is about lookups that must ask Milvus.
      cache(MilvusTestConfigs.forEndpoint(server.endpoint(), collection).build())
          .put(key, "answer");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!cache.lookup(key).isHit()) {
        assertThat(System.nanoTime()).as("the other replica's store becomes visible")
            .isLessThan(deadline);
        Thread.sleep(20);
      }

      proxy.stall();
      long slowest = 0;
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        LookupResult result = cache.lookup(key);
        slowest = Math.max(slowest, System.nanoTime() - start);
        assertThat(result.isHit()).isFalse();
        assertThat(((LookupResult.Miss) result).reason()).isEqualTo(MissReason.BACKEND_FAILED);
      }
      StoreOutcome stalledStore = cache.put(CacheKey.of(acme, "stored while stalled"), "x")
          .outcome();
      System.out.printf("stalled server: slowest of 10 lookups %d ms with request_timeout %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(slowest), requestTimeout.toMillis());
      assertThat(Duration.ofNanos(slowest)).isLessThan(requestTimeout.plus(STALL_MARGIN));
      assertThat(stalledStore).isIn(StoreOutcome.DROPPED, StoreOutcome.BACKEND_FAILED);

      proxy.resume();
      long resumedAt = System.nanoTime();
      while (!cache.lookup(key).isHit()) {
        assertThat(Duration.ofNanos(System.nanoTime() - resumedAt))
            .as("hits again after the stall ends").isLessThan(Duration.ofSeconds(15));
        Thread.sleep(50);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /** One call by a drill thread: what it returned and when it started and ended. */
  private record Event(long startNanos, long endNanos, String what) {}

  private void stream(SemanticCache cache, List<CacheKey> known, int thread,
      AtomicBoolean running, Queue<Event> events, Queue<Throwable> thrown,
      Queue<CacheKey> acknowledged) {
    SplittableRandom random = new SplittableRandom(thread);
    int stored = 0;
    while (running.get()) {
      try {
        CacheKey key = known.get(random.nextInt(known.size()));
        long start = System.nanoTime();
        LookupResult result = cache.lookup(key);
        events.add(new Event(start, System.nanoTime(), result.isHit() ? "hit"
            : "miss " + ((LookupResult.Miss) result).reason()));
        start = System.nanoTime();
        CacheKey fresh = CacheKey.of(acme, "thread " + thread + " new prompt " + stored++);
        StoreOutcome outcome = cache.put(fresh, "fresh").outcome();
        events.add(new Event(start, System.nanoTime(), "store " + outcome));
        if (outcome == StoreOutcome.STORED) {
          acknowledged.add(fresh);
        }
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      } catch (Throwable e) {
        thrown.add(e);
      }
    }
  }

  private static long awaitHitAfter(Queue<Event> events, long afterNanos, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Long first = events.stream().filter(e -> e.what().equals("hit") && e.startNanos() > afterNanos)
          .map(Event::endNanos).min(Long::compare).orElse(null);
      if (first != null) {
        return first;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no hit within " + limit + " after the restart");
  }

  private SemanticCache cache(MilvusConfig config) {
    SemanticCache cache = MilvusSemanticCache.builder().config(config).embedder(embedder)
        .meterRegistry(new SimpleMeterRegistry()).build();
    opened.add(cache);
    return cache;
  }
}
