package io.semcache.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheClosedException;
import io.semcache.CacheControl;
import io.semcache.CacheKey;
import io.semcache.CacheStats;
import io.semcache.CacheUnavailableException;
import io.semcache.Embedding;
import io.semcache.EmbeddingException;
import io.semcache.EntryId;
import io.semcache.Explanation;
import io.semcache.FailureMode;
import io.semcache.TransferEntry;
import io.semcache.IncompatibleEmbedderException;
import io.semcache.ImportReport;
import io.semcache.ImportProgress;
import io.semcache.ImportOptions;
import io.semcache.ExportReport;
import io.semcache.ExportOptions;
import io.semcache.HitVerifier;
import io.semcache.InvalidationOutcome;
import io.semcache.LoadResult;
import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.LookupResult.Hit;
import io.semcache.LookupResult.Miss;
import io.semcache.MatchKind;
import io.semcache.MissReason;
import io.semcache.Partition;
import io.semcache.Rejection;
import io.semcache.ResponseChunk;
import io.semcache.Response;
import io.semcache.ResponseCodec;
import io.semcache.ResponseMetadata;
import io.semcache.ResponseSource;
import io.semcache.SemanticCache;
import io.semcache.ShadowDecision;
import io.semcache.ShadowMode;
import io.semcache.StoreOutcome;
import io.semcache.StoreRequest;
import io.semcache.StoreResult;
import io.semcache.StreamResult;
import io.semcache.StreamedResponse;
import io.semcache.TagInvalidation;
import io.semcache.ThresholdRule;
import io.semcache.WritePolicy;
import io.semcache.core.SemanticCacheBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every backend must show. A backend's test extends this class and implements
 * {@link #newCacheBuilder()}; backend-specific tests live beside it.
 *
 * <p>Tests control the similarity of prompts exactly by defining their vectors on a {@link
 * TestEmbedder}, and move time with a {@link ManualClock}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class SemanticCacheContract {

  /** Similarities backends may report differently from float rounding (Milvus computes in float). */
  protected static final double SIMILARITY_TOLERANCE = 1e-4;

  protected final ManualClock clock = ManualClock.startingNow();
  protected final TestEmbedder embedder = new TestEmbedder();
  protected final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<SemanticCache> opened = new ArrayList<>();

  protected final Partition acme = Partition.of("acme", "gpt-4o");
  protected final Partition globex = Partition.of("globex", "gpt-4o");

  /**
   * A builder of the backend under test over fresh, empty storage. The contract sets embedder,
   * clock, meter registry and whatever the test needs, then builds.
   */
  protected abstract SemanticCacheBuilder<?> newCacheBuilder();

  protected SemanticCache newCache() {
    return newCache(builder -> { });
  }

  /**
   * A cache without hit verification, so that tests of the mechanics see similarity alone (the
   * test embedder's texts mean nothing to the default verifiers).
   */
  protected SemanticCache newCache(Consumer<SemanticCacheBuilder<?>> options) {
    return newCacheWithDefaultVerification(builder -> {
      options.accept(builder);
      builder.verifiers(List.of());
    });
  }

  /** A cache with the default verifier chain unless {@code options} sets one. */
  protected SemanticCache newCacheWithDefaultVerification(
      Consumer<SemanticCacheBuilder<?>> options) {
    SemanticCacheBuilder<?> builder = newCacheBuilder();
    builder.embedder(embedder).clock(clock).meterRegistry(meters)
        .name(opened.isEmpty() ? "default" : "cache-" + opened.size());
    options.accept(builder);
    SemanticCache cache = builder.build();
    opened.add(cache);
    return cache;
  }

  @AfterEach
  void closeCaches() {
    opened.forEach(SemanticCache::close);
  }

  /** Defines prompts whose similarity to the "reset password" prompt is known exactly. */
  private void definePasswordPrompts() {
    embedder.define("How do I reset my password?", embedder.axis(0));
    embedder.define("I forgot my password, how can I change it?",
        embedder.vectorWithCosine(0, 1, 0.95));
    embedder.define("What is the capital of France?", embedder.vectorWithCosine(0, 2, 0.10));
  }

  // ------------------------------------------------------------------ hit and miss

  @Test
  void identicalPromptHitsExactlyWithoutRunningTheEmbedder() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "How do I reset my password?");
    assertThat(cache.put(key, "Click 'Forgot password'.").isStored()).isTrue();
    int embedsAfterStore = embedder.embedCount();

    LookupResult result = cache.lookup(key);

    Hit hit = result.asHit().orElseThrow();
    assertThat(hit.match()).isEqualTo(MatchKind.EXACT);
    assertThat(hit.similarity()).isEqualTo(1.0);
    assertThat(hit.response()).isEqualTo("Click 'Forgot password'.");
    assertThat(embedder.embedCount()).isEqualTo(embedsAfterStore);
  }

  @Test
  void paraphraseAboveThresholdHitsSemanticallyWithItsMetadata() {
    definePasswordPrompts();
    SemanticCache cache = newCache(b -> b.similarityThreshold(0.90));
    CacheKey stored = CacheKey.of(acme, "How do I reset my password?");
    cache.put(stored, "Click 'Forgot password'.");
    clock.advance(Duration.ofSeconds(5));

    Hit hit = cache.lookup(CacheKey.of(acme, "I forgot my password, how can I change it?"))
        .asHit().orElseThrow();

    assertThat(hit.match()).isEqualTo(MatchKind.SEMANTIC);
    assertThat(hit.similarity()).isCloseTo(0.95, within(SIMILARITY_TOLERANCE));
    assertThat(hit.response()).isEqualTo("Click 'Forgot password'.");
    assertThat(hit.matchedPrompt()).isEqualTo("How do I reset my password?");
    assertThat(hit.entryId()).isEqualTo(EntryId.of(stored));
    assertThat(hit.entryId()).isEqualTo(EntryId.of(CacheKey.of(acme, hit.matchedPrompt())));
    assertThat(hit.createdAt()).isEqualTo(clock.instant().minusSeconds(5));
    assertThat(hit.expiresAt()).isEqualTo(hit.createdAt().plus(
        SemanticCacheBuilder.DEFAULT_TTL));
  }

  @Test
  void unrelatedPromptMissesAndStillReportsTheBestSimilarity() {
    definePasswordPrompts();
    SemanticCache cache = newCache(b -> b.similarityThreshold(0.90));
    cache.put(CacheKey.of(acme, "How do I reset my password?"), "Click 'Forgot password'.");

    LookupResult result = cache.lookup(CacheKey.of(acme, "What is the capital of France?"));

    Miss miss = (Miss) result;
    assertThat(miss.reason()).isEqualTo(MissReason.BELOW_THRESHOLD);
    assertThat(miss.bestSimilarity().orElseThrow()).isCloseTo(0.10, within(SIMILARITY_TOLERANCE));
  }

  @Test
  void emptyPartitionMissesWithNoCandidate() {
    SemanticCache cache = newCache();
    Miss miss = (Miss) cache.lookup(CacheKey.of(acme, "anything at all"));
    assertThat(miss.reason()).isEqualTo(MissReason.NO_CANDIDATE);
    assertThat(miss.bestSimilarity()).isEmpty();
  }

  @Test
  void closestOfSeveralCandidatesWins() {
    embedder.define("query", embedder.axis(0));
    embedder.define("far", embedder.vectorWithCosine(0, 1, 0.91));
    embedder.define("near", embedder.vectorWithCosine(0, 2, 0.97));
    embedder.define("middle", embedder.vectorWithCosine(0, 3, 0.94));
    SemanticCache cache = newCache(b -> b.similarityThreshold(0.90));
    cache.put(CacheKey.of(acme, "far"), "far answer");
    cache.put(CacheKey.of(acme, "near"), "near answer");
    cache.put(CacheKey.of(acme, "middle"), "middle answer");

    Hit hit = cache.lookup(CacheKey.of(acme, "query")).asHit().orElseThrow();

    assertThat(hit.response()).isEqualTo("near answer");
  }

  @Test
  void storingTheSamePromptAgainReplacesTheResponse() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "What is semcache?");
    StoreResult first = cache.put(key, "old answer");
    StoreResult second = cache.put(key, "new answer");

    assertThat(second.entryId()).isEqualTo(first.entryId());
    assertThat(cache.lookup(key).asHit().orElseThrow().response()).isEqualTo("new answer");
  }

  // ------------------------------------------------------------------ thresholds

  @Test
  void similarityAtTheThresholdHitsAndJustBelowMisses() {
    embedder.define("stored", embedder.axis(0));
    embedder.define("at 0.90", embedder.vectorWithCosine(0, 1, 0.90));
    SemanticCache atThreshold = newCache(b -> b.similarityThreshold(0.90 - SIMILARITY_TOLERANCE));
    SemanticCache aboveIt = newCache(b -> b.similarityThreshold(0.90 + SIMILARITY_TOLERANCE));
    atThreshold.put(CacheKey.of(acme, "stored"), "answer");
    aboveIt.put(CacheKey.of(acme, "stored"), "answer");

    assertThat(atThreshold.lookup(CacheKey.of(acme, "at 0.90")).isHit()).isTrue();
    Miss miss = (Miss) aboveIt.lookup(CacheKey.of(acme, "at 0.90"));
    assertThat(miss.reason()).isEqualTo(MissReason.BELOW_THRESHOLD);
    assertThat(miss.bestSimilarity().orElseThrow()).isCloseTo(0.90, within(SIMILARITY_TOLERANCE));
  }

  @Test
  void perCallThresholdOverridesPartitionRuleWhichOverridesTheDefault() {
    embedder.define("stored", embedder.axis(0));
    embedder.define("close", embedder.vectorWithCosine(0, 1, 0.93));
    SemanticCache cache = newCache(b -> b.similarityThreshold(0.90)
        .thresholdRule(ThresholdRule.forTenant("globex", 0.96)));
    cache.put(CacheKey.of(acme, "stored"), "acme answer");
    cache.put(CacheKey.of(globex, "stored"), "globex answer");

    assertThat(cache.lookup(CacheKey.of(acme, "close")).isHit()).isTrue();
    assertThat(cache.lookup(CacheKey.of(globex, "close")).isHit()).isFalse();
    assertThat(cache.lookup(LookupRequest.builder(CacheKey.of(globex, "close"))
        .threshold(0.92).build()).isHit()).isTrue();
    assertThat(cache.lookup(LookupRequest.builder(CacheKey.of(acme, "close"))
        .threshold(0.99).build()).isHit()).isFalse();
    assertThat(cache.inspect().thresholdFor(globex).value()).isEqualTo(0.96);
  }

  // ------------------------------------------------------------------ verification

  /** Refuses candidates whose prompt contains a word. */
  protected static HitVerifier refusing(String name, String word) {
    return new HitVerifier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Verdict verify(VerificationInput input) {
        return input.candidate().contains(word) ? Verdict.reject("contains " + word)
            : Verdict.accept();
      }
    };
  }

  @Test
  void aRefusedBestCandidateGivesWayToTheNextAcceptedOne() {
    embedder.define("how to enable two-factor authentication", embedder.axis(0));
    embedder.define("how to disable two-factor authentication",
        embedder.vectorWithCosine(0, 1, 0.97));
    embedder.define("how do I turn on two-factor authentication",
        embedder.vectorWithCosine(0, 2, 0.93));
    SemanticCache cache = newCacheWithDefaultVerification(b -> b.similarityThreshold(0.90)
        .verifiers(List.of(refusing("no-disable", "disable"))));
    cache.put(CacheKey.of(acme, "how to disable two-factor authentication"), "Settings > off");
    cache.put(CacheKey.of(acme, "how do I turn on two-factor authentication"), "Settings > on");

    Hit hit = cache.lookup(CacheKey.of(acme, "how to enable two-factor authentication"))
        .asHit().orElseThrow();

    assertThat(hit.response()).isEqualTo("Settings > on");
    assertThat(hit.rejections()).singleElement().satisfies(rejection -> {
      assertThat(rejection.verifier()).isEqualTo("no-disable");
      assertThat(rejection.candidatePrompt()).isEqualTo("how to disable two-factor authentication");
      assertThat(rejection.similarity()).isCloseTo(0.97, within(SIMILARITY_TOLERANCE));
    });
  }

  @Test
  void whenEveryCandidateIsRefusedTheLookupMissesAndSaysWhy() {
    embedder.define("coffee is good for health", embedder.axis(0));
    embedder.define("coffee is bad for health", embedder.vectorWithCosine(0, 1, 0.96));
    SemanticCache cache = newCacheWithDefaultVerification(b -> b.similarityThreshold(0.90)
        .verifiers(List.of(refusing("no-bad", "bad"))));
    cache.put(CacheKey.of(acme, "coffee is bad for health"), "it is");

    Miss miss = (Miss) cache.lookup(CacheKey.of(acme, "coffee is good for health"));

    assertThat(miss.reason()).isEqualTo(MissReason.REJECTED_BY_VERIFIER);
    assertThat(miss.rejections()).extracting(Rejection::reason).containsExactly("contains bad");
    assertThat(miss.bestSimilarity().orElseThrow()).isCloseTo(0.96, within(SIMILARITY_TOLERANCE));
    assertThat(meters.get("semcache.verifier.rejections").tag("verifier", "no-bad").counter()
        .count()).isEqualTo(1.0);
    // Exact repeats are not verified: the stored prompt itself still hits.
    assertThat(cache.lookup(CacheKey.of(acme, "coffee is bad for health")).isHit()).isTrue();
  }

  @Test
  void aFailingVerifierRefusesRatherThanServing() {
    embedder.define("stored", embedder.axis(0));
    embedder.define("close", embedder.vectorWithCosine(0, 1, 0.95));
    SemanticCache cache = newCacheWithDefaultVerification(b -> b.similarityThreshold(0.90)
        .verifiers(List.of(new HitVerifier() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public Verdict verify(VerificationInput input) {
            throw new IllegalStateException("bug");
          }
        })));
    cache.put(CacheKey.of(acme, "stored"), "answer");

    Miss miss = (Miss) cache.lookup(CacheKey.of(acme, "close"));

    assertThat(miss.reason()).isEqualTo(MissReason.REJECTED_BY_VERIFIER);
    assertThat(meters.get("semcache.errors").tag("kind", "verifier").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void theDefaultVerifiersRefuseAPolarityFlipThatSimilarityAloneWouldServe() {
    embedder.define("How do I enable two-factor authentication?", embedder.axis(0));
    embedder.define("How do I disable two-factor authentication?",
        embedder.vectorWithCosine(0, 1, 0.97));
    SemanticCache cache = newCacheWithDefaultVerification(b -> b.similarityThreshold(0.90));
    cache.put(CacheKey.of(acme, "How do I disable two-factor authentication?"), "Settings > off");

    Miss miss = (Miss) cache.lookup(CacheKey.of(acme, "How do I enable two-factor authentication?"));

    assertThat(miss.reason()).isEqualTo(MissReason.REJECTED_BY_VERIFIER);
    assertThat(miss.rejections()).extracting(Rejection::verifier).containsExactly("polarity");
    assertThat(cache.inspect().verifierNames())
        .containsExactly("polarity", "numbers", "names", "word-order", "acceptance-model");
  }

  // ------------------------------------------------------------------ partitions

  @Test
  void partitionsAreHardWallsForExactAndSemanticMatches() {
    definePasswordPrompts();
    SemanticCache cache = newCache(b -> b.similarityThreshold(0.5));
    cache.put(CacheKey.of(acme, "How do I reset my password?"), "acme's answer");
    Partition otherModel = Partition.of("acme", "claude-sonnet");
    Partition otherContext = Partition.of("acme", "gpt-4o", "You are a pirate.");

    for (Partition other : List.of(globex, otherModel, otherContext)) {
      assertThat(cache.lookup(CacheKey.of(other, "How do I reset my password?")).isHit())
          .as("exact text in %s", other).isFalse();
      assertThat(cache.lookup(CacheKey.of(other, "I forgot my password, how can I change it?"))
          .isHit()).as("paraphrase in %s", other).isFalse();
    }
    assertThat(cache.lookup(CacheKey.of(acme, "I forgot my password, how can I change it?"))
        .isHit()).isTrue();
  }

  // ------------------------------------------------------------------ expiry

  @Test
  void expiredEntryIsNeverReturned() {
    definePasswordPrompts();
    SemanticCache cache = newCache(b -> b.defaultTtl(Duration.ofMinutes(10)));
    CacheKey key = CacheKey.of(acme, "How do I reset my password?");
    CacheKey paraphrase = CacheKey.of(acme, "I forgot my password, how can I change it?");
    cache.put(key, "answer");

    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(cache.lookup(key).isHit()).isTrue();
    assertThat(cache.lookup(paraphrase).isHit()).isTrue();

    clock.advance(Duration.ofMillis(1));
    assertThat(cache.lookup(key).isHit()).isFalse();
    assertThat(cache.lookup(paraphrase).isHit()).isFalse();
  }

  @Test
  void perEntryTtlOverridesTheDefault() {
    SemanticCache cache = newCache(b -> b.defaultTtl(Duration.ofHours(1)));
    CacheKey shortLived = CacheKey.of(acme, "weather in Paris now");
    CacheKey longLived = CacheKey.of(acme, "boiling point of water");
    cache.put(StoreRequest.builder(shortLived, "sunny").ttl(Duration.ofMinutes(1)).build());
    cache.put(longLived, "100 C");

    clock.advance(Duration.ofMinutes(2));

    assertThat(cache.lookup(shortLived).isHit()).isFalse();
    Hit hit = cache.lookup(longLived).asHit().orElseThrow();
    assertThat(hit.expiresAt()).isEqualTo(hit.createdAt().plus(Duration.ofHours(1)));
  }

  @Test
  void restoringAnExpiredPromptMakesItLiveAgain() {
    SemanticCache cache = newCache(b -> b.defaultTtl(Duration.ofMinutes(1)));
    CacheKey key = CacheKey.of(acme, "what time zone is Tokyo in");
    cache.put(key, "JST");
    clock.advance(Duration.ofMinutes(2));
    assertThat(cache.lookup(key).isHit()).isFalse();

    cache.put(key, "JST (UTC+9)");

    assertThat(cache.lookup(key).asHit().orElseThrow().response()).isEqualTo("JST (UTC+9)");
  }

  // ------------------------------------------------------------------ per-request cache control

  private static LookupRequest controlled(CacheKey key, CacheControl control) {
    return LookupRequest.builder(key).cacheControl(control).build();
  }

  @Test
  void noStoreServesWhatIsStoredButNeverStoresItsOwnAnswer() {
    definePasswordPrompts();
    SemanticCache cache = newCache();
    CacheKey stored = CacheKey.of(acme, "How do I reset my password?");
    CacheKey fresh = CacheKey.of(acme, "What is the capital of France?");
    cache.put(stored, "Click 'Forgot password'.");

    LoadResult served = cache.getOrLoad(controlled(stored, CacheControl.noStoreOnly()),
        k -> "from the model");
    LoadResult loaded = cache.getOrLoad(controlled(fresh, CacheControl.noStoreOnly()),
        k -> "Paris");

    assertThat(served.fromCache()).isTrue();
    assertThat(loaded.source()).isEqualTo(ResponseSource.LOADED);
    assertThat(loaded.storeResult().orElseThrow().outcome()).isEqualTo(StoreOutcome.SKIPPED_BY_REQUEST);
    assertThat(cache.lookup(fresh).isHit()).isFalse();
  }

  @Test
  void noCacheNeverServesButStoresTheNewAnswer() {
    definePasswordPrompts();
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "How do I reset my password?");
    cache.put(key, "old answer");

    LookupResult looked = cache.lookup(controlled(key, CacheControl.noCacheOnly()));
    LoadResult loaded = cache.getOrLoad(controlled(key, CacheControl.noCacheOnly()),
        k -> "new answer");

    Miss miss = (Miss) looked;
    assertThat(miss.reason()).isEqualTo(MissReason.SKIPPED_BY_REQUEST);
    assertThat(miss.embedding()).as("embedded, for the store after it").isPresent();
    assertThat(loaded.source()).isEqualTo(ResponseSource.LOADED);
    assertThat(loaded.storeResult().orElseThrow().isStored()).isTrue();
    assertThat(cache.lookup(key).asHit().orElseThrow().response()).isEqualTo("new answer");
  }

  @Test
  void bypassNeitherServesNorStores() {
    definePasswordPrompts();
    SemanticCache cache = newCache();
    CacheKey stored = CacheKey.of(acme, "How do I reset my password?");
    CacheKey fresh = CacheKey.of(acme, "What is the capital of France?");
    cache.put(stored, "Click 'Forgot password'.");
    int embeds = embedder.embedCount();

    LoadResult notServed = cache.getOrLoad(controlled(stored, CacheControl.bypass()),
        k -> "from the model");
    LoadResult notStored = cache.getOrLoad(controlled(fresh, CacheControl.bypass()),
        k -> "Paris");

    assertThat(notServed.response()).isEqualTo("from the model");
    assertThat(notStored.storeResult().orElseThrow().outcome())
        .isEqualTo(StoreOutcome.SKIPPED_BY_REQUEST);
    assertThat(embedder.embedCount()).as("nothing to embed for").isEqualTo(embeds);
    assertThat(cache.lookup(stored).asHit().orElseThrow().response())
        .isEqualTo("Click 'Forgot password'.");
    assertThat(cache.lookup(fresh).isHit()).isFalse();
  }

  @Test
  void maxAgeServesOnlyEntriesYoungerThanIt() {
    definePasswordPrompts();
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "How do I reset my password?");
    CacheKey paraphrase = CacheKey.of(acme, "I forgot my password, how can I change it?");
    cache.put(key, "Click 'Forgot password'.");
    clock.advance(Duration.ofMinutes(2));
    CacheControl oneMinute = CacheControl.none().withMaxAge(Duration.ofMinutes(1));
    CacheControl fiveMinutes = CacheControl.none().withMaxAge(Duration.ofMinutes(5));

    Miss exactTooOld = (Miss) cache.lookup(controlled(key, oneMinute));
    Miss semanticTooOld = (Miss) cache.lookup(controlled(paraphrase, oneMinute));

    assertThat(exactTooOld.reason()).isEqualTo(MissReason.OLDER_THAN_MAX_AGE);
    assertThat(semanticTooOld.reason()).isEqualTo(MissReason.OLDER_THAN_MAX_AGE);
    assertThat(cache.lookup(controlled(key, fiveMinutes)).asHit().orElseThrow().match())
        .isEqualTo(MatchKind.EXACT);
    assertThat(cache.lookup(controlled(paraphrase, fiveMinutes)).asHit().orElseThrow().match())
        .isEqualTo(MatchKind.SEMANTIC);
  }

  @Test
  void aRequestsTtlIsTheStoredEntrysTtl() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a question asked with a short ttl");
    LoadResult loaded = cache.getOrLoad(
        controlled(key, CacheControl.none().withTtl(Duration.ofSeconds(30))), k -> "brief");

    Instant expires = cache.lookup(key).asHit().orElseThrow().expiresAt();
    clock.advance(Duration.ofSeconds(31));

    assertThat(loaded.storeResult().orElseThrow().isStored()).isTrue();
    assertThat(Duration.between(Instant.ofEpochMilli(clock.millis()), expires))
        .isLessThanOrEqualTo(Duration.ZERO);
    assertThat(cache.lookup(key).isHit()).isFalse();
  }

  @Test
  void eachDirectiveIsCounted() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a counted question");

    cache.lookup(controlled(key, CacheControl.noStoreOnly()));
    cache.lookup(controlled(key, CacheControl.noCacheOnly().withMaxAge(Duration.ofMinutes(1))));
    cache.getOrLoad(controlled(key, CacheControl.bypass().withTtl(Duration.ofMinutes(1))),
        k -> "x");
    cache.lookup(key);

    for (String directive : List.of("no_store", "no_cache", "bypass", "max_age", "ttl")) {
      assertThat(meters.get("semcache.cache_control").tag("directive", directive).counter()
          .count()).as(directive).isEqualTo(1.0);
    }
  }

  // ------------------------------------------------------------------ write policy

  @Test
  void errorResponsesAreRefusedByTheDefaultPolicyAndNothingIsStored() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a question the model failed on");

    StoreResult refused = cache.put(StoreRequest.builder(key, "502 Bad Gateway").errorResponse()
        .build());

    assertThat(refused.outcome()).isEqualTo(StoreOutcome.REFUSED_BY_POLICY);
    assertThat(refused.detail()).contains("marked as an error");
    assertThat(cache.lookup(key).isHit()).isFalse();
    assertThat(meters.get("semcache.stores").tag("outcome", "refused_by_policy").counter()
        .count()).isEqualTo(1.0);
  }

  @Test
  void aPolicyVetoesPutsAndTheStoreAfterALoadWithItsReason() {
    WritePolicy noSecrets = request -> request.response().contains("password=")
        ? java.util.Optional.of("looks like a credential") : java.util.Optional.empty();
    SemanticCache cache = newCache(builder -> builder.writePolicy(noSecrets));
    CacheKey put = CacheKey.of(acme, "what is the admin login");
    CacheKey loaded = CacheKey.of(acme, "what is the database login");
    CacheKey fine = CacheKey.of(acme, "what is the capital of France");

    StoreResult vetoed = cache.put(put, "user=admin password=hunter2");
    LoadResult load = cache.getOrLoad(loaded, k -> "password=swordfish");
    StoreResult allowed = cache.put(fine, "Paris");

    assertThat(vetoed.outcome()).isEqualTo(StoreOutcome.REFUSED_BY_POLICY);
    assertThat(vetoed.detail()).isEqualTo("looks like a credential");
    assertThat(load.response()).as("the caller still gets its answer").isEqualTo("password=swordfish");
    assertThat(load.storeResult().orElseThrow().outcome()).isEqualTo(StoreOutcome.REFUSED_BY_POLICY);
    assertThat(cache.lookup(loaded).isHit()).isFalse();
    assertThat(allowed.isStored()).isTrue();
  }

  @Test
  void aPolicyThatThrowsVetoesAndIsCounted() {
    SemanticCache cache = newCache(builder -> builder.writePolicy(request -> {
      throw new IllegalStateException("detector down");
    }));
    CacheKey key = CacheKey.of(acme, "a question");

    StoreResult result = cache.put(key, "an answer");

    assertThat(result.outcome()).isEqualTo(StoreOutcome.REFUSED_BY_POLICY);
    assertThat(result.detail()).contains("detector down");
    assertThat(meters.get("semcache.errors").tag("kind", "policy").counter().count())
        .isEqualTo(1.0);
    assertThat(cache.lookup(key).isHit()).isFalse();
  }

  // ------------------------------------------------------------------ shadow mode

  private double shadowCount(double threshold, String verification, String outcome) {
    var counter = meters.find("semcache.shadow").tag("threshold", Double.toString(threshold))
        .tag("verification", verification).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shadowModeNeverServesAndCountsWhatEachThresholdWouldHaveDecided() {
    embedder.define("the question", embedder.axis(0));
    embedder.define("a disallowed near copy", embedder.vectorWithCosine(0, 1, 0.97));
    embedder.define("an allowed paraphrase", embedder.vectorWithCosine(0, 2, 0.93));
    List<ShadowDecision> decisions = new java.util.concurrent.CopyOnWriteArrayList<>();
    SemanticCache cache = newCacheWithDefaultVerification(builder -> builder
        .shadowMode(ShadowMode.everywhere(0.8, 0.96).withDecisionLog(decisions::add))
        .verifiers(List.of(refusing("picky", "disallowed"))));
    cache.put(CacheKey.of(acme, "a disallowed near copy"), "refused answer");
    cache.put(CacheKey.of(acme, "an allowed paraphrase"), "good answer");
    AtomicInteger loads = new AtomicInteger();

    Miss semantic = (Miss) cache.lookup(CacheKey.of(acme, "the question"));
    Miss exact = (Miss) cache.lookup(CacheKey.of(acme, "an allowed paraphrase"));
    LoadResult loaded = cache.getOrLoad(CacheKey.of(acme, "an allowed paraphrase"),
        k -> "fresh answer " + loads.incrementAndGet());

    assertThat(semantic.reason()).isEqualTo(MissReason.SHADOW_MODE);
    assertThat(exact.reason()).isEqualTo(MissReason.SHADOW_MODE);
    assertThat(loaded.source()).as("every call goes to the loader").isEqualTo(ResponseSource.LOADED);
    assertThat(loads.get()).isEqualTo(1);
    // At 0.96 only the refused near copy is close enough; at 0.8 the paraphrase is served.
    assertThat(shadowCount(0.96, "none", "hit")).isEqualTo(1);
    assertThat(shadowCount(0.96, "chain", "rejected")).isEqualTo(1);
    assertThat(shadowCount(0.8, "none", "hit")).isEqualTo(1);
    assertThat(shadowCount(0.8, "chain", "hit")).isEqualTo(1);
    // The identical prompt, looked up and then loaded: exact at every threshold, twice.
    assertThat(shadowCount(0.8, "chain", "exact")).isEqualTo(2);
    assertThat(shadowCount(0.96, "none", "exact")).isEqualTo(2);
    assertThat(cache.inspect().explain(CacheKey.of(acme, "the question")).missReason())
        .contains(MissReason.SHADOW_MODE);
    // One decision with a candidate: the semantic lookup (exact ones need no label).
    assertThat(decisions).singleElement().satisfies(decision -> {
      assertThat(decision.query()).isEqualTo("the question");
      assertThat(decision.candidate()).isEqualTo("a disallowed near copy");
      assertThat(decision.similarity()).isCloseTo(0.97, within(SIMILARITY_TOLERANCE));
      assertThat(decision.cachedResponse()).isEqualTo("refused answer");
      assertThat(decision.outcomes()).containsEntry(0.8, "hit").containsEntry(0.96, "rejected");
      assertThat(decision.verdicts()).singleElement()
          .satisfies(v -> assertThat(v.accepted()).isFalse());
      assertThat(decision.loadedResponse()).as("a lookup loads nothing").isEmpty();
    });
  }

  @Test
  void aShadowedGetOrLoadLogsItsLoadedResponseBesideTheCachedOne() {
    embedder.define("the question", embedder.axis(0));
    embedder.define("a paraphrase", embedder.vectorWithCosine(0, 2, 0.93));
    List<ShadowDecision> decisions = new java.util.concurrent.CopyOnWriteArrayList<>();
    SemanticCache cache = newCache(builder -> builder.shadowMode(ShadowMode.everywhere(0.84)
        .withDecisionLog(decisions::add)));
    cache.put(CacheKey.of(acme, "a paraphrase"), "cached answer");

    embedder.define("the question again", embedder.axis(0));
    cache.getOrLoad(CacheKey.of(acme, "the question"), k -> "loaded " + "x".repeat(600));
    assertThatThrownBy(() -> cache.getOrLoad(CacheKey.of(acme, "the question again"), k -> {
      throw new IllegalStateException("LLM down");
    })).hasMessage("LLM down");

    assertThat(decisions).hasSize(2);
    assertThat(decisions.get(0).cachedResponse()).isEqualTo("cached answer");
    assertThat(decisions.get(0).loadedResponse()).hasValueSatisfying(loaded -> assertThat(loaded)
        .startsWith("loaded x").hasSize(ShadowDecision.RESPONSE_SAMPLE_CHARS));
    assertThat(decisions.get(1).loadedResponse()).as("the loader failed").isEmpty();
  }

  @Test
  void aFailingDecisionLogDropsTheDecisionNotTheLookup() {
    embedder.define("the question", embedder.axis(0));
    embedder.define("a paraphrase", embedder.vectorWithCosine(0, 2, 0.93));
    SemanticCache cache = newCache(builder -> builder.shadowMode(ShadowMode.everywhere(0.84)
        .withDecisionLog(decision -> {
          throw new IllegalStateException("disk full");
        })));
    cache.put(CacheKey.of(acme, "a paraphrase"), "answer");

    Miss miss = (Miss) cache.lookup(CacheKey.of(acme, "the question"));

    assertThat(miss.reason()).isEqualTo(MissReason.SHADOW_MODE);
    assertThat(meters.get("semcache.errors").tag("kind", "shadow_log").counter().count())
        .isEqualTo(1.0);
    assertThat(shadowCount(0.84, "chain", "hit")).isEqualTo(1);
  }

  @Test
  void shadowModeForOneTenantLeavesTheOthersServed() {
    SemanticCache cache = newCache(builder -> builder
        .shadowMode(ShadowMode.everywhere(0.84).onlyForTenants("globex")));
    CacheKey acmeKey = CacheKey.of(acme, "a question both tenants ask");
    CacheKey globexKey = CacheKey.of(globex, "a question both tenants ask");
    cache.put(acmeKey, "acme's answer");
    cache.put(globexKey, "globex's answer");

    assertThat(cache.lookup(acmeKey).asHit().orElseThrow().response()).isEqualTo("acme's answer");
    assertThat(((Miss) cache.lookup(globexKey)).reason()).isEqualTo(MissReason.SHADOW_MODE);
    assertThat(shadowCount(0.84, "chain", "exact")).isEqualTo(1);
  }

  // ------------------------------------------------------------------ explain

  @Test
  void explainListsCandidatesWithEveryVerdictAndTheThresholdsSourceAndRecordsNothing() {
    embedder.define("the question", embedder.axis(0));
    embedder.define("a disallowed near copy", embedder.vectorWithCosine(0, 1, 0.97));
    embedder.define("an allowed paraphrase", embedder.vectorWithCosine(0, 2, 0.93));
    embedder.define("a loosely related one", embedder.vectorWithCosine(0, 3, 0.6));
    embedder.define("an unrelated one", embedder.vectorWithCosine(0, 4, 0.1));
    SemanticCache cache = newCacheWithDefaultVerification(builder -> builder
        .thresholdRule(ThresholdRule.forTenant("acme", 0.9))
        .verifiers(List.of(refusing("picky", "disallowed"))));
    for (String prompt : List.of("a disallowed near copy", "an allowed paraphrase",
        "a loosely related one", "an unrelated one")) {
      cache.put(CacheKey.of(acme, prompt), "answer to " + prompt);
    }
    CacheKey query = CacheKey.of(acme, "the question");
    CacheStats before = cache.stats();
    double lookupsBefore = meters.find("semcache.lookups").counters().stream()
        .mapToDouble(c -> c.count()).sum();

    Explanation explanation = cache.inspect().explain(query);

    assertThat(explanation.threshold().value()).isEqualTo(0.9);
    assertThat(explanation.thresholdSource()).isEqualTo("rule tenant=acme model=*");
    assertThat(explanation.candidates()).extracting(Explanation.Candidate::prompt)
        .as("at or above the 0.5 floor, best first")
        .containsExactly("a disallowed near copy", "an allowed paraphrase", "a loosely related one");
    Explanation.Candidate refused = explanation.candidates().get(0);
    assertThat(refused.aboveThreshold()).isTrue();
    assertThat(refused.accepted()).isFalse();
    assertThat(refused.verdicts()).singleElement().satisfies(v -> {
      assertThat(v.verifier()).isEqualTo("picky");
      assertThat(v.reason()).isEqualTo("contains disallowed");
    });
    assertThat(explanation.candidates().get(1).accepted()).isTrue();
    assertThat(explanation.candidates().get(2).aboveThreshold()).isFalse();
    assertThat(explanation.candidates().get(2).verdicts()).isEmpty();
    assertThat(explanation.served()).contains(EntryId.of(CacheKey.of(acme,
        "an allowed paraphrase")));
    assertThat(explanation.match()).contains(MatchKind.SEMANTIC);
    assertThat(cache.stats()).isEqualTo(before);
    assertThat(meters.find("semcache.lookups").counters().stream()
        .mapToDouble(c -> c.count()).sum()).isEqualTo(lookupsBefore);
    assertThat(meters.find("semcache.verifier.rejections").counters()).isEmpty();
    // The lookup itself agrees.
    assertThat(cache.lookup(query).asHit().orElseThrow().entryId())
        .isEqualTo(explanation.served().orElseThrow());
  }

  @Test
  void explainSaysWhyALookupWouldMiss() {
    embedder.define("the question", embedder.axis(0));
    embedder.define("a loosely related one", embedder.vectorWithCosine(0, 3, 0.6));
    SemanticCache cache = newCache(builder -> builder.similarityThreshold(0.84));
    CacheKey query = CacheKey.of(acme, "the question");

    Explanation empty = cache.inspect().explain(query);
    cache.put(CacheKey.of(acme, "a loosely related one"), "x");
    Explanation below = cache.inspect().explain(query);
    Explanation perCall = cache.inspect().explain(
        LookupRequest.builder(query).threshold(0.5).build(), -1);
    cache.put(query, "the answer");
    Explanation exact = cache.inspect().explain(query);

    assertThat(empty.missReason()).contains(MissReason.NO_CANDIDATE);
    assertThat(below.missReason()).contains(MissReason.BELOW_THRESHOLD);
    assertThat(below.thresholdSource()).isEqualTo("cache default");
    assertThat(below.summary()).contains("below the threshold 0.84");
    assertThat(perCall.thresholdSource()).isEqualTo("per call");
    assertThat(perCall.wouldHit()).isTrue();
    assertThat(exact.match()).contains(MatchKind.EXACT);
    assertThatThrownBy(() -> cache.inspect().explain(LookupRequest.of(query), 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("floor:");
  }

  // ------------------------------------------------------------------ invalidation

  @Test
  void invalidateRemovesOneEntry() {
    embedder.define("first question", embedder.axis(10));
    embedder.define("second question", embedder.axis(11));
    SemanticCache cache = newCache();
    CacheKey gone = CacheKey.of(acme, "first question");
    CacheKey kept = CacheKey.of(acme, "second question");
    cache.put(gone, "1");
    cache.put(kept, "2");

    assertThat(cache.invalidate(EntryId.of(gone))).isEqualTo(InvalidationOutcome.REMOVED);

    assertThat(cache.lookup(gone).isHit()).isFalse();
    assertThat(cache.lookup(kept).asHit().orElseThrow().response()).isEqualTo("2");
    assertThat(cache.invalidate(EntryId.of(gone))).as("removed already")
        .isEqualTo(InvalidationOutcome.NOT_FOUND);
    assertThat(cache.invalidate(CacheKey.of(acme, "never stored")))
        .isEqualTo(InvalidationOutcome.NOT_FOUND);
  }

  @Test
  void invalidatingAnExpiredEntryFindsNothing() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "short lived question");
    cache.put(StoreRequest.builder(key, "soon gone").ttl(Duration.ofSeconds(30)).build());

    clock.advance(Duration.ofSeconds(31));

    assertThat(cache.invalidate(key)).isEqualTo(InvalidationOutcome.NOT_FOUND);
  }

  @Test
  void invalidateByKeyRemovesThatKeysEntryOnly() {
    SemanticCache cache = newCache();
    CacheKey one = CacheKey.of(acme, "first question here");
    CacheKey two = CacheKey.of(acme, "second question there");
    cache.put(one, "a");
    cache.put(two, "b");

    assertThat(cache.invalidate(one)).isEqualTo(InvalidationOutcome.REMOVED);

    assertThat(cache.lookup(one).asHit().map(LookupResult.Hit::response)).isNotEqualTo(
        java.util.Optional.of("a"));
    assertThat(cache.lookup(two).asHit().orElseThrow().response()).isEqualTo("b");
  }

  @Test
  void invalidatePartitionLeavesOtherPartitions() {
    SemanticCache cache = newCache();
    CacheKey acmeKey = CacheKey.of(acme, "shared question");
    CacheKey globexKey = CacheKey.of(globex, "shared question");
    cache.put(acmeKey, "acme");
    cache.put(globexKey, "globex");

    assertThat(cache.invalidatePartition(acme)).isTrue();

    assertThat(cache.lookup(acmeKey).isHit()).isFalse();
    assertThat(cache.lookup(globexKey).asHit().orElseThrow().response()).isEqualTo("globex");
  }

  @Test
  void invalidateAllRemovesEverything() {
    SemanticCache cache = newCache();
    cache.put(CacheKey.of(acme, "one question"), "1");
    cache.put(CacheKey.of(globex, "another question"), "2");

    assertThat(cache.invalidateAll()).isTrue();

    assertThat(cache.lookup(CacheKey.of(acme, "one question")).isHit()).isFalse();
    assertThat(cache.lookup(CacheKey.of(globex, "another question")).isHit()).isFalse();
  }

  // ------------------------------------------------------------------ metadata and tags

  /** A structured response of the tests' own, with a codec, as a router would write one. */
  record ToolCall(String name, String arguments) {}

  static final ResponseCodec<ToolCall> TOOL_CALLS = new ResponseCodec<>() {
    @Override
    public String contentType() {
      return "application/vnd.test.tool-call";
    }

    @Override
    public String encode(ToolCall value) {
      return value.name() + "\n" + value.arguments();
    }

    @Override
    public ToolCall decode(String text) {
      int newline = text.indexOf('\n');
      if (newline < 0) {
        throw new IllegalArgumentException("text: expected name and arguments");
      }
      return new ToolCall(text.substring(0, newline), text.substring(newline + 1));
    }
  };

  @Test
  void responseMetadataIsReturnedAsStoredOnExactAndSemanticHits() {
    definePasswordPrompts();
    SemanticCache cache = newCache();
    ResponseMetadata metadata = ResponseMetadata.builder().finishReason("stop")
        .model("gpt-4o-2024-08-06").tokenUsage(12, 7).attribute("x-request-id", "r-42")
        .chunkLengths(List.of(6, 4, 3)).build();
    CacheKey key = CacheKey.of(acme, "How do I reset my password?");
    cache.put(StoreRequest.builder(key, "Click Forgot.").metadata(metadata).build());

    Hit exact = cache.lookup(key).asHit().orElseThrow();
    Hit semantic = cache.lookup(CacheKey.of(acme, "I forgot my password, how can I change it?"))
        .asHit().orElseThrow();

    for (Hit hit : List.of(exact, semantic)) {
      assertThat(hit.metadata()).isEqualTo(metadata);
      assertThat(hit.metadata().finishReason()).hasValue("stop");
      assertThat(hit.metadata().promptTokens()).hasValue(12);
      assertThat(hit.metadata().completionTokens()).hasValue(7);
      assertThat(hit.metadata().attribute("x-request-id")).hasValue("r-42");
      assertThat(hit.metadata().contentType()).isEqualTo(ResponseMetadata.PLAIN_TEXT);
      assertThat(hit.asResponse().chunks()).containsExactly("Click ", "Forg", "ot.");
    }
  }

  @Test
  void aResponseWithoutMetadataComesBackWithNone() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "plain response question");
    cache.put(key, "plain");

    Hit hit = cache.lookup(key).asHit().orElseThrow();

    assertThat(hit.metadata()).isEqualTo(ResponseMetadata.NONE);
    assertThat(hit.asResponse().chunks()).containsExactly("plain");
    assertThat(hit.asResponse().isStreamed()).isFalse();
  }

  @Test
  void aCodecRoundTripsAStructuredResponseAndRefusesAnotherContentType() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "what is the weather in Oslo");
    ToolCall call = new ToolCall("get_weather", "{\"city\":\"Oslo\"}");
    cache.put(StoreRequest.builder(key, Response.encode(TOOL_CALLS, call,
        ResponseMetadata.builder().finishReason("tool_calls").build())).build());

    Response cached = cache.lookup(key).asHit().orElseThrow().asResponse();

    assertThat(cached.decode(TOOL_CALLS)).isEqualTo(call);
    assertThat(cached.metadata().contentType()).isEqualTo(TOOL_CALLS.contentType());
    assertThat(cached.metadata().finishReason()).hasValue("tool_calls");
    assertThatThrownBy(() -> cached.decode(ResponseCodec.text()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("codec:")
        .hasMessageContaining(TOOL_CALLS.contentType()).hasMessageContaining("text/plain");
  }

  @Test
  void getOrLoadResponseStoresTheLoadersMetadataAndTagsAndReturnsThemOnHits() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "what does the premium plan cost");
    ResponseMetadata metadata = ResponseMetadata.builder().finishReason("stop").model("m1")
        .build();
    AtomicInteger loads = new AtomicInteger();

    LoadResult first = cache.getOrLoadResponse(LookupRequest.of(key), k -> {
      loads.incrementAndGet();
      return Response.of("12 EUR a month", metadata).withTags("price-list");
    });
    LoadResult second = cache.getOrLoadResponse(LookupRequest.of(key),
        k -> Response.of("loaded again", ResponseMetadata.NONE));

    assertThat(first.source()).isEqualTo(ResponseSource.LOADED);
    assertThat(first.metadata()).isEqualTo(metadata);
    assertThat(second.source()).isEqualTo(ResponseSource.EXACT_HIT);
    assertThat(second.asResponse()).isEqualTo(Response.of("12 EUR a month", metadata));
    assertThat(loads).hasValue(1);
    assertThat(cache.countByTag("price-list"))
        .isEqualTo(new TagInvalidation("price-list", TagInvalidation.Outcome.COUNTED, 1));
  }

  @Test
  void aLoadedResponseCutShortOrCallingAToolIsReturnedButNotStored() {
    SemanticCache cache = newCache();
    CacheKey truncated = CacheKey.of(acme, "write a long essay");
    CacheKey toolCall = CacheKey.of(acme, "what is the weather now");

    LoadResult cut = cache.getOrLoadResponse(LookupRequest.of(truncated), k -> Response.of(
        "The essay begins", ResponseMetadata.builder().finishReason("length").build()));
    LoadResult tool = cache.getOrLoadResponse(LookupRequest.of(toolCall), k -> Response.of(
        "{\"name\":\"weather\"}", ResponseMetadata.builder().finishReason("tool_calls").build()));

    assertThat(cut.response()).isEqualTo("The essay begins");
    assertThat(cut.storeResult().orElseThrow().outcome()).isEqualTo(StoreOutcome.REFUSED_BY_POLICY);
    assertThat(cut.storeResult().orElseThrow().detail()).contains("finish_reason 'length'");
    assertThat(tool.storeResult().orElseThrow().outcome())
        .isEqualTo(StoreOutcome.REFUSED_BY_POLICY);
    assertThat(cache.lookup(truncated).isHit()).isFalse();
    assertThat(cache.lookup(toolCall).isHit()).isFalse();
    assertThat(cache.put(StoreRequest.builder(toolCall, "{}")
        .metadata(ResponseMetadata.builder().finishReason("tool_calls").build()).build())
        .isStored()).as("a put is the caller's decision").isTrue();
  }

  @Test
  void cacheableFinishOnTheBuilderReplacesTheDefaultList() {
    SemanticCache cache = newCache(builder -> builder.cacheableFinish(
        SemanticCacheBuilder.refusing(java.util.Set.of("content_filter"))));
    CacheKey key = CacheKey.of(acme, "write a long essay");

    LoadResult cut = cache.getOrLoadResponse(LookupRequest.of(key), k -> Response.of(
        "The essay begins", ResponseMetadata.builder().finishReason("length").build()));

    assertThat(cut.storeResult().orElseThrow().isStored()).isTrue();
    assertThat(cache.lookup(key).isHit()).isTrue();
  }

  @Test
  void anErrorResponseReachesTheCallerButIsNotStored() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a question the model failed on");

    LoadResult result = cache.getOrLoadResponse(LookupRequest.of(key),
        k -> Response.error("upstream 503", ResponseMetadata.builder().finishReason("error")
            .build()));

    assertThat(result.response()).isEqualTo("upstream 503");
    assertThat(result.storeResult().orElseThrow().outcome())
        .isEqualTo(StoreOutcome.REFUSED_BY_POLICY);
    assertThat(cache.lookup(key).isHit()).isFalse();
  }

  @Test
  void invalidateByTagRemovesExactlyTheTaggedEntriesInEveryPartitionAfterADryRun() {
    embedder.define("price of plan A", embedder.axis(20));
    embedder.define("price of plan B", embedder.axis(21));
    embedder.define("refund policy", embedder.axis(22));
    embedder.define("opening hours", embedder.axis(23));
    embedder.define("price of plan C", embedder.axis(24));
    SemanticCache cache = newCache();
    CacheKey planA = CacheKey.of(acme, "price of plan A");
    CacheKey planB = CacheKey.of(globex, "price of plan B");
    CacheKey refund = CacheKey.of(acme, "refund policy");
    CacheKey hours = CacheKey.of(acme, "opening hours");
    CacheKey expired = CacheKey.of(acme, "price of plan C");
    cache.put(StoreRequest.builder(planA, "10").tags("price-list", "plan-a").build());
    cache.put(StoreRequest.builder(planB, "20").tags("price-list").build());
    cache.put(StoreRequest.builder(refund, "30 days").tags("policy-2026").build());
    cache.put(hours, "9 to 5");
    cache.put(StoreRequest.builder(expired, "30").tags("price-list")
        .ttl(Duration.ofSeconds(10)).build());
    clock.advance(Duration.ofSeconds(11));

    TagInvalidation dryRun = cache.countByTag("price-list");

    assertThat(dryRun.outcome()).isEqualTo(TagInvalidation.Outcome.COUNTED);
    assertThat(dryRun.entries()).as("live tagged entries, both partitions").isEqualTo(2);
    assertThat(cache.lookup(planA).isHit()).as("a dry run removes nothing").isTrue();

    TagInvalidation removed = cache.invalidateByTag("price-list");

    assertThat(removed.outcome()).isEqualTo(TagInvalidation.Outcome.REMOVED);
    assertThat(removed.entries()).isEqualTo(2);
    assertThat(cache.lookup(planA).isHit()).isFalse();
    assertThat(cache.lookup(planB).isHit()).isFalse();
    assertThat(cache.lookup(refund).asHit().orElseThrow().response()).isEqualTo("30 days");
    assertThat(cache.lookup(hours).asHit().orElseThrow().response()).isEqualTo("9 to 5");
    assertThat(cache.countByTag("price-list").entries()).isZero();
    assertThat(cache.countByTag("plan-a").entries()).as("its other tag went with it").isZero();
    assertThat(cache.invalidateByTag("never-used"))
        .isEqualTo(new TagInvalidation("never-used", TagInvalidation.Outcome.REMOVED, 0));
    assertThat(meters.get("semcache.tag_invalidations").tag("outcome", "removed").counter()
        .count()).isEqualTo(2);
  }

  @Test
  void restoringAnEntryWithoutItsTagTakesItOutOfTheTagsInvalidation() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "re-stored question");
    cache.put(StoreRequest.builder(key, "old").tags("price-list").build());
    cache.put(key, "new, untagged");

    assertThat(cache.invalidateByTag("price-list").entries()).isZero();
    assertThat(cache.lookup(key).asHit().orElseThrow().response()).isEqualTo("new, untagged");
  }

  @Test
  void badMetadataAndTagsAreRejectedNamingTheArgument() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "q");
    assertThatThrownBy(() -> StoreRequest.builder(key, "r").tags("price list"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tags[0]:")
        .hasMessageContaining("[A-Za-z0-9_.:-]");
    List<String> seventeen = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      seventeen.add("t" + i);
    }
    assertThatThrownBy(() -> StoreRequest.builder(key, "r").tags(seventeen))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tags: expected at most 16 tags,"
            + " got 17");
    assertThatThrownBy(() -> cache.invalidateByTag(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tag:");
    assertThatThrownBy(() -> ResponseMetadata.builder().attribute("bad name", "v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("attribute name:");
    assertThatThrownBy(() -> ResponseMetadata.builder().attribute("prompt_tokens", "many"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("attribute 'prompt_tokens':");
    assertThatThrownBy(() -> ResponseMetadata.builder().attribute("k", "v".repeat(1025)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1024");
    ResponseMetadata chunks = ResponseMetadata.builder().chunkLengths(List.of(1, 1)).build();
    assertThatThrownBy(() -> StoreRequest.builder(key, "three").metadata(chunks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("metadata.chunkLengths:").hasMessageContaining("5 chars, got 2");
    assertThatThrownBy(() -> ResponseMetadata.builder().chunkLengths(List.of(3, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("chunkLengths[1]:");
  }

  // ------------------------------------------------------------------ embedding once

  @Test
  void storeAfterAMissReusesTheLookupsEmbedding() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "how many moons does Mars have");

    Miss miss = (Miss) cache.lookup(key);
    cache.put(StoreRequest.forMiss(miss, "Two: Phobos and Deimos."));

    assertThat(embedder.embeddedTexts()).containsExactly(key.prompt());
    assertThat(cache.lookup(CacheKey.of(acme, key.prompt())).isHit()).isTrue();
  }

  @Test
  void getOrLoadEmbedsOnceLoadsOnceAndThenHits() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "explain the CAP theorem briefly");
    AtomicInteger loads = new AtomicInteger();

    LoadResult first = cache.getOrLoad(key, k -> "answer #" + loads.incrementAndGet());
    LoadResult second = cache.getOrLoad(key, k -> "answer #" + loads.incrementAndGet());

    assertThat(first.source()).isEqualTo(ResponseSource.LOADED);
    assertThat(first.storeResult().orElseThrow().isStored()).isTrue();
    assertThat(second.source()).isEqualTo(ResponseSource.EXACT_HIT);
    assertThat(second.response()).isEqualTo("answer #1");
    assertThat(loads).hasValue(1);
    assertThat(embedder.embeddedTexts()).containsExactly(key.prompt());
  }

  @Test
  void suppliedEmbeddingIsUsedInsteadOfTheEmbedder() {
    SemanticCache cache = newCache();
    Embedding precomputed = Embedding.of(TestEmbedder.MODEL_ID, embedder.axis(7));
    CacheKey key = CacheKey.of(acme, "a prompt embedded elsewhere");

    cache.put(StoreRequest.builder(key, "answer").embedding(precomputed).build());
    LookupResult result = cache.lookup(LookupRequest.builder(CacheKey.of(acme, "another text"))
        .embedding(precomputed).build());

    assertThat(result.asHit().orElseThrow().matchedPrompt()).isEqualTo(key.prompt());
    assertThat(embedder.embedCount()).isZero();
  }

  // ------------------------------------------------------------------ get-or-load coalescing

  @Test
  void concurrentGetOrLoadOfTheSamePromptCallsTheLoaderOnce() throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "summarise the French revolution");
    CountDownLatch loaderEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<LoadResult> leader = pool.submit(() -> cache.getOrLoad(key, k -> {
        loads.incrementAndGet();
        loaderEntered.countDown();
        await(release);
        return "the answer";
      }));
      assertThat(loaderEntered.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<LoadResult>> followers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        followers.add(pool.submit(() -> cache.getOrLoad(key, k -> {
          loads.incrementAndGet();
          return "a duplicate call";
        })));
      }
      waitUntilJoined(3);
      release.countDown();

      assertThat(leader.get(10, TimeUnit.SECONDS).source()).isEqualTo(ResponseSource.LOADED);
      for (Future<LoadResult> follower : followers) {
        LoadResult result = follower.get(10, TimeUnit.SECONDS);
        assertThat(result.response()).isEqualTo("the answer");
        assertThat(result.source()).isEqualTo(ResponseSource.JOINED_LOAD);
      }
      assertThat(loads).hasValue(1);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentGetOrLoadOfAParaphraseWaitsForThePendingLoad() throws Exception {
    definePasswordPrompts();
    SemanticCache cache = newCache(b -> b.similarityThreshold(0.90));
    CountDownLatch loaderEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<LoadResult> leader = pool.submit(() -> cache.getOrLoad(
          CacheKey.of(acme, "How do I reset my password?"), k -> {
            loads.incrementAndGet();
            loaderEntered.countDown();
            await(release);
            return "Click 'Forgot password'.";
          }));
      assertThat(loaderEntered.await(10, TimeUnit.SECONDS)).isTrue();
      Future<LoadResult> paraphrase = pool.submit(() -> cache.getOrLoad(
          CacheKey.of(acme, "I forgot my password, how can I change it?"), k -> {
            loads.incrementAndGet();
            return "duplicate";
          }));
      Future<LoadResult> unrelated = pool.submit(() -> cache.getOrLoad(
          CacheKey.of(acme, "What is the capital of France?"), k -> {
            loads.incrementAndGet();
            return "Paris";
          }));

      assertThat(unrelated.get(10, TimeUnit.SECONDS).source()).isEqualTo(ResponseSource.LOADED);
      waitUntilJoined(1);
      release.countDown();
      assertThat(leader.get(10, TimeUnit.SECONDS).source()).isEqualTo(ResponseSource.LOADED);
      LoadResult joined = paraphrase.get(10, TimeUnit.SECONDS);
      assertThat(joined.source()).isEqualTo(ResponseSource.JOINED_LOAD);
      assertThat(joined.response()).isEqualTo("Click 'Forgot password'.");
      assertThat(loads).hasValue(2);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void loaderFailureReachesEveryJoinedCallerAndStoresNothing() throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a question the LLM cannot answer");
    CountDownLatch loaderEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<LoadResult> leader = pool.submit(() -> cache.getOrLoad(key, k -> {
        loaderEntered.countDown();
        await(release);
        throw new IllegalStateException("LLM rate limited");
      }));
      assertThat(loaderEntered.await(10, TimeUnit.SECONDS)).isTrue();
      Future<LoadResult> follower = pool.submit(() -> cache.getOrLoad(key, k -> "never"));
      waitUntilJoined(1);
      release.countDown();

      assertThatThrownBy(() -> leader.get(10, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("LLM rate limited");
      assertThatThrownBy(() -> follower.get(10, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("LLM rate limited");
      assertThat(cache.lookup(key).isHit()).isFalse();
      assertThat(cache.stats().loadFailureCount()).isEqualTo(1);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void getOrLoadAsyncLoadsOnceAndCompletesJoinedCalls() throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "translate 'good morning' to Italian");
    CompletableFuture<String> llm = new CompletableFuture<>();
    AtomicInteger loads = new AtomicInteger();

    CompletableFuture<LoadResult> first = cache.async().getOrLoad(LookupRequest.of(key), k -> {
      loads.incrementAndGet();
      return llm;
    });
    waitUntil(() -> loads.get() == 1);
    CompletableFuture<LoadResult> second = cache.async().getOrLoad(LookupRequest.of(key), k -> {
      loads.incrementAndGet();
      return CompletableFuture.completedFuture("duplicate");
    });
    waitUntilJoined(1);
    llm.complete("Buongiorno");

    assertThat(first.get(10, TimeUnit.SECONDS).source()).isEqualTo(ResponseSource.LOADED);
    assertThat(second.get(10, TimeUnit.SECONDS).response()).isEqualTo("Buongiorno");
    assertThat(cache.async().lookup(key).get(10, TimeUnit.SECONDS).isHit()).isTrue();
    assertThat(loads).hasValue(1);
  }

  @Test
  void asyncCallsRunOnTheCachesOwnThreadsNeverTheCommonPool() throws Exception {
    SemanticCache cache = newCache();
    cache.async().put(CacheKey.of(acme, "stored asynchronously"), "a")
        .get(30, TimeUnit.SECONDS);
    cache.async().lookup(LookupRequest.of(CacheKey.of(acme, "looked up asynchronously")))
        .get(30, TimeUnit.SECONDS);
    cache.async().getOrLoad(CacheKey.of(acme, "loaded asynchronously"),
        k -> CompletableFuture.completedFuture("b")).get(30, TimeUnit.SECONDS);

    List<Thread> threads = embedder.embeddingThreads();
    assertThat(threads).hasSize(3).allSatisfy(thread -> assertThat(thread.getName())
        .startsWith("semcache-").contains("-async-").doesNotContain("ForkJoinPool"));

    cache.close();
    waitUntil(() -> threads.stream().noneMatch(Thread::isAlive));
  }

  @Test
  void putAsyncStores() throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "async store");
    assertThat(cache.async().put(StoreRequest.of(key, "stored")).get(10, TimeUnit.SECONDS)
        .isStored())
        .isTrue();
    assertThat(cache.lookup(key).isHit()).isTrue();
  }

  // ------------------------------------------------------------------ streaming

  private static final ResponseMetadata STOP = ResponseMetadata.builder().finishReason("stop")
      .tokenUsage(9, 3).build();

  /** A streamed get-or-load whose loader is {@code llm}, counting loader calls. */
  private StreamedResponse stream(SemanticCache cache, CacheKey key, ManualChunkPublisher llm,
      AtomicInteger loads) {
    return cache.getOrLoadStream(LookupRequest.of(key), k -> {
      loads.incrementAndGet();
      return llm;
    });
  }

  private double streams(String outcome) {
    return meters.find("semcache.streams").tag("outcome", outcome).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  @Test
  void aStreamedMissReachesTheCallerAsItArrivesIsStoredOnceAndIsReplayedWithItsBoundaries()
      throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "stream me a greeting");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    AtomicInteger loads = new AtomicInteger();
    StreamedResponse first = stream(cache, key, llm, loads);
    ChunkRecorder caller = ChunkRecorder.unbounded();

    first.subscribe(caller);
    llm.emit("Hel", "lo, ");
    assertThat(caller.texts()).as("chunks reach the caller before the stream ends")
        .containsExactly("Hel", "lo, ");
    llm.emit(ResponseChunk.of("world"), ResponseChunk.of("", STOP));
    llm.complete();
    caller.awaitEnd();

    assertThat(first.source()).isEqualTo(ResponseSource.LOADED);
    assertThat(caller.completed()).isTrue();
    assertThat(caller.texts()).containsExactly("Hel", "lo, ", "world", "");
    StreamResult loaded = first.result().get(10, TimeUnit.SECONDS);
    assertThat(loaded.storeResult().orElseThrow()).matches(StoreResult::isStored, "stored");
    assertThat(loaded.chars()).isEqualTo(12);
    assertThat(loaded.metadata().chunkLengths()).containsExactly(3, 4, 5);
    Hit stored = cache.lookup(key).asHit().orElseThrow();
    assertThat(stored.response()).isEqualTo("Hello, world");
    assertThat(stored.metadata()).isEqualTo(STOP.toBuilder().chunkLengths(List.of(3, 4, 5))
        .build());

    StreamedResponse again = cache.getOrLoadStream(LookupRequest.of(key), k -> {
      throw new AssertionError("a hit must not load");
    });
    ChunkRecorder replay = ChunkRecorder.unbounded();
    again.subscribe(replay);
    replay.awaitEnd();

    assertThat(again.source()).isEqualTo(ResponseSource.EXACT_HIT);
    assertThat(again.fromCache()).isTrue();
    assertThat(replay.texts()).containsExactly("Hel", "lo, ", "world");
    assertThat(replay.chunks().get(2).metadata()).isEqualTo(STOP);
    assertThat(replay.chunks().get(0).metadata()).isEqualTo(ResponseMetadata.NONE);
    assertThat(again.result().get(10, TimeUnit.SECONDS).storeResult()).isEmpty();
    assertThat(loads).hasValue(1);
    assertThat(cache.stats().storeCount()).isEqualTo(1);
    assertThat(streams("stored")).isEqualTo(1);
    assertThat(streams("replayed")).isEqualTo(1);
  }

  @Test
  void anErrorMidStreamReachesTheCallerAfterItsChunksAndNothingIsStored() throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a stream that breaks");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    StreamedResponse response = stream(cache, key, llm, new AtomicInteger());
    ChunkRecorder caller = ChunkRecorder.unbounded();

    response.subscribe(caller);
    llm.emit("partial ");
    llm.fail(new IllegalStateException("connection reset"));
    caller.awaitEnd();

    assertThat(caller.texts()).containsExactly("partial ");
    assertThat(caller.error()).isInstanceOf(IllegalStateException.class)
        .hasMessage("connection reset");
    assertThatThrownBy(() -> response.result().get(10, TimeUnit.SECONDS))
        .hasRootCauseMessage("connection reset");
    assertThat(cache.lookup(key).isHit()).isFalse();
    assertThat(cache.stats().storeCount()).isZero();
    assertThat(cache.stats().loadFailureCount()).isEqualTo(1);
    assertThat(streams("errored")).isEqualTo(1);
  }

  @Test
  void aCancelledStreamIsCancelledAtTheLoaderAndNeverStored() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a stream the client walks away from");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    StreamedResponse response = stream(cache, key, llm, new AtomicInteger());
    ChunkRecorder caller = new ChunkRecorder(1);

    response.subscribe(caller);
    llm.emit("first ");
    caller.cancel();

    assertThat(llm.cancelled()).isTrue();
    assertThat(caller.texts()).containsExactly("first ");
    assertThat(caller.ended()).as("a cancelled subscriber hears nothing more").isFalse();
    assertThatThrownBy(() -> response.result().get(10, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(cache.lookup(key).isHit()).isFalse();
    assertThat(cache.stats().storeCount()).isZero();
    assertThat(streams("cancelled")).isEqualTo(1);
  }

  @Test
  void aStreamThatEndsWithAnUncacheableFinishReasonIsNotStored() throws Exception {
    SemanticCache cache = newCache();
    CacheKey truncated = CacheKey.of(acme, "a long essay cut short");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    StreamedResponse response = stream(cache, truncated, llm, new AtomicInteger());
    ChunkRecorder caller = ChunkRecorder.unbounded();

    response.subscribe(caller);
    llm.emit(ResponseChunk.of("Once upon"), ResponseChunk.of(" a time",
        ResponseMetadata.builder().finishReason("length").build()));
    llm.complete();
    caller.awaitEnd();

    assertThat(caller.texts()).containsExactly("Once upon", " a time");
    StoreResult store = response.result().get(10, TimeUnit.SECONDS).storeResult().orElseThrow();
    assertThat(store.outcome()).isEqualTo(StoreOutcome.REFUSED_BY_POLICY);
    assertThat(store.detail()).contains("length");
    assertThat(cache.lookup(truncated).isHit()).isFalse();
    assertThat(streams("not_cacheable")).isEqualTo(1);

    SemanticCache lenient = newCache(b -> b.cacheableFinish(metadata -> true));
    CacheKey toolCall = CacheKey.of(acme, "call the weather tool");
    ManualChunkPublisher tool = new ManualChunkPublisher();
    StreamedResponse allowed = stream(lenient, toolCall, tool, new AtomicInteger());
    allowed.subscribe(ChunkRecorder.unbounded());
    tool.emit(ResponseChunk.of("{}", ResponseMetadata.builder().finishReason("tool_calls")
        .build()));
    tool.complete();
    assertThat(allowed.result().get(10, TimeUnit.SECONDS).storeResult().orElseThrow())
        .matches(StoreResult::isStored, "stored");
  }

  @Test
  void aJoinerOfAStreamInFlightReceivesEveryChunkFromTheStartAndTheLoaderRunsOnce()
      throws Exception {
    definePasswordPrompts();
    SemanticCache cache = newCache(b -> b.similarityThreshold(0.90));
    ManualChunkPublisher llm = new ManualChunkPublisher();
    AtomicInteger loads = new AtomicInteger();
    StreamedResponse leader = stream(cache, CacheKey.of(acme, "How do I reset my password?"),
        llm, loads);
    ChunkRecorder leading = ChunkRecorder.unbounded();
    leader.subscribe(leading);
    llm.emit("Click ", "'Forgot ");

    StreamedResponse joiner = stream(cache,
        CacheKey.of(acme, "I forgot my password, how can I change it?"), llm, loads);
    ChunkRecorder joining = new ChunkRecorder(1);
    joiner.subscribe(joining);

    assertThat(joiner.source()).isEqualTo(ResponseSource.JOINED_LOAD);
    assertThat(joining.texts()).as("its own demand: one chunk").containsExactly("Click ");
    joining.request(Long.MAX_VALUE);
    assertThat(joining.texts()).containsExactly("Click ", "'Forgot ");
    llm.emit(ResponseChunk.of("password'.", STOP));
    llm.complete();
    leading.awaitEnd();
    joining.awaitEnd();

    assertThat(joining.chunks()).isEqualTo(leading.chunks());
    assertThat(joining.texts()).containsExactly("Click ", "'Forgot ", "password'.");
    assertThat(joiner.result().get(10, TimeUnit.SECONDS).storeResult()).isEmpty();
    assertThat(loads).hasValue(1);
    assertThat(cache.stats().joinedLoadCount()).isEqualTo(1);
    assertThat(cache.stats().storeCount()).isEqualTo(1);
  }

  @Test
  void whenTheLeaderCancelsAJoinerKeepsTheStreamAliveAndTheWholeResponseIsStored()
      throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "two clients ask at once");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    AtomicInteger loads = new AtomicInteger();
    StreamedResponse leader = stream(cache, key, llm, loads);
    StreamedResponse joiner = stream(cache, key, llm, loads);
    ChunkRecorder leading = new ChunkRecorder(1);
    ChunkRecorder joining = ChunkRecorder.unbounded();
    leader.subscribe(leading);
    joiner.subscribe(joining);

    llm.emit("a");
    leading.cancel();
    llm.emit("b");
    llm.complete();
    joining.awaitEnd();

    assertThat(llm.cancelled()).isFalse();
    assertThat(joining.texts()).containsExactly("a", "b");
    assertThat(leader.result().get(10, TimeUnit.SECONDS).storeResult().orElseThrow())
        .matches(StoreResult::isStored, "stored");
    assertThat(cache.lookup(key).asHit().orElseThrow().response()).isEqualTo("ab");
  }

  @Test
  void aJoinerOfAFailingStreamGetsTheChunksSoFarThenTheSameError() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a shared stream that breaks");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    AtomicInteger loads = new AtomicInteger();
    StreamedResponse leader = stream(cache, key, llm, loads);
    leader.subscribe(ChunkRecorder.unbounded());
    llm.emit("so far");
    StreamedResponse joiner = stream(cache, key, llm, loads);
    ChunkRecorder joining = ChunkRecorder.unbounded();
    joiner.subscribe(joining);

    llm.fail(new IllegalStateException("LLM overloaded"));
    joining.awaitEnd();

    assertThat(joining.texts()).containsExactly("so far");
    assertThat(joining.error()).hasMessage("LLM overloaded");
    assertThat(loads).hasValue(1);
    assertThat(cache.lookup(key).isHit()).isFalse();
  }

  @Test
  void theLoadersStreamIsAskedForNoMoreThanTheCallerRequested() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a slow reader");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    StreamedResponse response = stream(cache, key, llm, new AtomicInteger());
    ChunkRecorder caller = new ChunkRecorder(0);

    response.subscribe(caller);
    assertThat(llm.isSubscribed()).isTrue();
    assertThat(llm.requested()).isZero();
    for (int i = 0; i < 5; i++) {
      caller.request(1);
      assertThat(llm.requested()).isEqualTo(i + 1);
      llm.emit("chunk" + i + " "); // fails if it was not requested
      assertThat(caller.chunks()).hasSize(i + 1);
    }
    caller.request(2);
    assertThat(llm.requested()).isEqualTo(7);
    llm.complete();
    caller.awaitEnd();

    assertThat(caller.texts()).hasSize(5);
    assertThat(cache.lookup(key).asHit().orElseThrow().metadata().chunkLengths()).hasSize(5);
  }

  @Test
  void aHitOnAnEntryStoredWholeIsReplayedAsOneChunkAndAStreamedEntryReadsWhole() {
    SemanticCache cache = newCache();
    CacheKey whole = CacheKey.of(acme, "stored without streaming");
    cache.put(StoreRequest.builder(whole, "one piece").metadata(STOP).build());
    CacheKey streamed = CacheKey.of(acme, "stored from a stream");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    StreamedResponse loading = stream(cache, streamed, llm, new AtomicInteger());
    ChunkRecorder first = ChunkRecorder.unbounded();
    loading.subscribe(first);
    llm.emit("two ", "pieces");
    llm.complete();
    first.awaitEnd();

    ChunkRecorder replay = ChunkRecorder.unbounded();
    cache.getOrLoadStream(LookupRequest.of(whole), k -> llm).subscribe(replay);
    LoadResult read = cache.getOrLoad(streamed, k -> "not loaded");

    assertThat(replay.awaitEnd().chunks()).containsExactly(ResponseChunk.of("one piece", STOP));
    assertThat(read.source()).isEqualTo(ResponseSource.EXACT_HIT);
    assertThat(read.response()).isEqualTo("two pieces");
    assertThat(read.asResponse().chunks()).containsExactly("two ", "pieces");
    assertThat(read.asResponse().isStreamed()).isTrue();
  }

  @Test
  void aNoStoreStreamIsForwardedButNotStored() throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a private stream");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    StreamedResponse response = cache.getOrLoadStream(LookupRequest.builder(key)
        .cacheControl(CacheControl.noStoreOnly()).build(), k -> llm);
    ChunkRecorder caller = ChunkRecorder.unbounded();

    response.subscribe(caller);
    llm.emit("secret");
    llm.complete();

    assertThat(caller.awaitEnd().texts()).containsExactly("secret");
    assertThat(response.result().get(10, TimeUnit.SECONDS).storeResult().orElseThrow().outcome())
        .isEqualTo(StoreOutcome.SKIPPED_BY_REQUEST);
    assertThat(cache.lookup(key).isHit()).isFalse();
  }

  @Test
  void aStreamLongerThanTheCaptureBoundReachesTheCallerWholeButIsNotStored() throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "an endless stream");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    AtomicInteger loads = new AtomicInteger();
    StreamedResponse response = stream(cache, key, llm, loads);
    ChunkRecorder caller = ChunkRecorder.unbounded();
    response.subscribe(caller);

    for (int i = 0; i <= ResponseMetadata.MAX_CHUNKS; i++) {
      llm.emit("x");
    }
    StreamedResponse late = stream(cache, key, new ManualChunkPublisher(), loads);
    llm.complete();
    caller.awaitEnd();

    assertThat(caller.chunks()).hasSize(ResponseMetadata.MAX_CHUNKS + 1);
    StreamResult result = response.result().get(10, TimeUnit.SECONDS);
    assertThat(result.chars()).isEqualTo(ResponseMetadata.MAX_CHUNKS + 1);
    assertThat(result.metadata().chunkLengths()).isEmpty();
    assertThat(result.storeResult().orElseThrow().outcome())
        .isEqualTo(StoreOutcome.REFUSED_TOO_LARGE);
    assertThat(late.source()).as("nobody joins a stream that will not be stored")
        .isEqualTo(ResponseSource.LOADED);
    assertThat(loads).hasValue(2);
    assertThat(cache.lookup(key).isHit()).isFalse();
    assertThat(streams("too_large")).isEqualTo(1);
  }

  @Test
  void theAsyncViewLooksUpOnTheCachesExecutorAndStreamsTheSame() throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "an asynchronous stream");
    ManualChunkPublisher llm = new ManualChunkPublisher();

    StreamedResponse response = cache.async().getOrLoadStream(LookupRequest.of(key), k -> llm)
        .get(10, TimeUnit.SECONDS);
    ChunkRecorder caller = ChunkRecorder.unbounded();
    response.subscribe(caller);
    llm.emit("async");
    llm.complete();

    assertThat(caller.awaitEnd().texts()).containsExactly("async");
    assertThat(response.source()).isEqualTo(ResponseSource.LOADED);
    assertThat(response.result().get(10, TimeUnit.SECONDS).storeResult()).isPresent();
    assertThat(embedder.embeddingThreads()).singleElement()
        .satisfies(thread -> assertThat(thread.getName()).contains("-async-"));
  }

  @Test
  void aStreamThatEndsAfterCloseStillReachesItsCallerAndIsDropped() throws Exception {
    SemanticCache cache = newCache();
    ManualChunkPublisher llm = new ManualChunkPublisher();
    StreamedResponse response = stream(cache, CacheKey.of(acme, "a stream outliving its cache"),
        llm, new AtomicInteger());
    ChunkRecorder caller = ChunkRecorder.unbounded();
    response.subscribe(caller);
    llm.emit("before ");

    cache.close();
    llm.emit("after");
    llm.complete();

    assertThat(caller.awaitEnd().completed()).isTrue();
    assertThat(caller.texts()).containsExactly("before ", "after");
    assertThat(response.result().get(10, TimeUnit.SECONDS).storeResult().orElseThrow().outcome())
        .isEqualTo(StoreOutcome.DROPPED);
  }

  @Test
  void badStreamingArgumentsAreRejectedNamingTheArgument() {
    SemanticCache cache = newCache();
    LookupRequest request = LookupRequest.of(CacheKey.of(acme, "bad streaming arguments"));
    ResponseMetadata withLengths = ResponseMetadata.builder().chunkLengths(List.of(1)).build();

    assertThatThrownBy(() -> ResponseChunk.of("x", withLengths))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("metadata:");
    assertThatThrownBy(() -> cache.getOrLoadStream(request,
        (java.util.function.Function<CacheKey, java.util.concurrent.Flow.Publisher<ResponseChunk>>)
            null)).isInstanceOf(NullPointerException.class).hasMessage("loader");
    assertThatThrownBy(() -> cache.getOrLoadStream(request, (k, chunks) -> { }, null))
        .isInstanceOf(NullPointerException.class).hasMessage("consumer");
    assertThatThrownBy(() -> cache.getOrLoadStream(request, k -> null))
        .isInstanceOf(NullPointerException.class).hasMessage("loader returned null");
    assertThatThrownBy(() -> cache.getOrLoadStream(request, k -> new ManualChunkPublisher())
        .subscribe(null)).isInstanceOf(NullPointerException.class).hasMessage("subscriber");
  }

  @Test
  void aSecondSubscriberIsRefusedThroughOnError() {
    SemanticCache cache = newCache();
    ManualChunkPublisher llm = new ManualChunkPublisher();
    StreamedResponse response = stream(cache, CacheKey.of(acme, "subscribed twice"), llm,
        new AtomicInteger());
    response.subscribe(ChunkRecorder.unbounded());
    ChunkRecorder second = ChunkRecorder.unbounded();

    response.subscribe(second);

    assertThat(second.awaitEnd().error()).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("subscriber:");
  }

  @Test
  void theCallbackFormStoresAStreamedMissAndReplaysItChunkByChunk() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "stream without reactive types");
    List<String> received = new ArrayList<>();

    StreamResult loaded = cache.getOrLoadStream(LookupRequest.of(key), (k, chunks) -> {
      chunks.accept(ResponseChunk.of("one, "));
      assertThat(received).as("handed over as it arrives").containsExactly("one, ");
      chunks.accept(ResponseChunk.of("two", STOP));
    }, chunk -> received.add(chunk.text()));
    List<ResponseChunk> replayed = new ArrayList<>();
    StreamResult hit = cache.getOrLoadStream(LookupRequest.of(key), (k, chunks) -> {
      throw new AssertionError("a hit must not load");
    }, replayed::add);

    assertThat(received).containsExactly("one, ", "two");
    assertThat(loaded.source()).isEqualTo(ResponseSource.LOADED);
    assertThat(loaded.storeResult().orElseThrow()).matches(StoreResult::isStored, "stored");
    assertThat(hit.fromCache()).isTrue();
    assertThat(replayed).containsExactly(ResponseChunk.of("one, "), ResponseChunk.of("two", STOP));
  }

  @Test
  void theCallbackFormStoresNothingWhenTheLoaderOrTheConsumerThrows() {
    SemanticCache cache = newCache();
    CacheKey failing = CacheKey.of(acme, "a callback stream that breaks");
    CacheKey abandoned = CacheKey.of(acme, "a callback stream the client leaves");
    AtomicInteger offeredAfterLeaving = new AtomicInteger();

    assertThatThrownBy(() -> cache.getOrLoadStream(LookupRequest.of(failing), (k, chunks) -> {
      chunks.accept(ResponseChunk.of("partial"));
      throw new IllegalStateException("connection reset");
    }, chunk -> { })).isInstanceOf(IllegalStateException.class).hasMessage("connection reset");
    assertThatThrownBy(() -> cache.getOrLoadStream(LookupRequest.of(abandoned), (k, chunks) -> {
      chunks.accept(ResponseChunk.of("first"));
      try {
        chunks.accept(ResponseChunk.of("second"));
      } finally {
        offeredAfterLeaving.incrementAndGet();
      }
    }, chunk -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("client gone"));
    })).isInstanceOf(java.io.UncheckedIOException.class);

    assertThat(offeredAfterLeaving).as("the loader was told to stop").hasValue(1);
    assertThat(cache.lookup(failing).isHit()).isFalse();
    assertThat(cache.lookup(abandoned).isHit()).isFalse();
    assertThat(cache.stats().storeCount()).isZero();
    assertThat(streams("errored")).isEqualTo(1);
    assertThat(streams("cancelled")).isEqualTo(1);
  }

  @Test
  void aCallbackJoinerReadsAPublisherLeadersStreamFromTheStart() throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "one reactive, one blocking caller");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    AtomicInteger loads = new AtomicInteger();
    StreamedResponse leader = stream(cache, key, llm, loads);
    leader.subscribe(ChunkRecorder.unbounded());
    llm.emit("early ");
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<StreamResult> joiner = pool.submit(() -> cache.getOrLoadStream(LookupRequest.of(key),
          (k, chunks) -> loads.incrementAndGet(), chunk -> received.add(chunk.text())));
      waitUntilJoined(1);
      waitUntil(() -> received.size() == 1);
      llm.emit("late");
      llm.complete();

      assertThat(joiner.get(10, TimeUnit.SECONDS).source()).isEqualTo(ResponseSource.JOINED_LOAD);
      assertThat(received).containsExactly("early ", "late");
      assertThat(loads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPlainGetOrLoadJoinsAStreamInFlightAndGetsTheWholeText() throws Exception {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "one streamed, one plain caller");
    ManualChunkPublisher llm = new ManualChunkPublisher();
    AtomicInteger loads = new AtomicInteger();
    StreamedResponse leader = stream(cache, key, llm, loads);
    ChunkRecorder leading = new ChunkRecorder(1);
    leader.subscribe(leading);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<LoadResult> plain = pool.submit(() -> cache.getOrLoad(key, k -> {
        loads.incrementAndGet();
        return "duplicate";
      }));
      waitUntilJoined(1);
      waitUntil(() -> llm.requested() == Long.MAX_VALUE); // the plain joiner wants it all
      llm.emit("whole ");
      leading.cancel(); // the plain joiner still reads, so the stream goes on
      llm.emit(ResponseChunk.of("text", STOP));
      llm.complete();

      LoadResult result = plain.get(10, TimeUnit.SECONDS);
      assertThat(result.source()).isEqualTo(ResponseSource.JOINED_LOAD);
      assertThat(result.response()).isEqualTo("whole text");
      assertThat(result.metadata().finishReason()).hasValue("stop");
      assertThat(loads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ blank and truncated prompts

  @Test
  void blankPromptsAreNeverEmbeddedMatchedOrStored() {
    SemanticCache cache = newCache();
    CacheKey blank = CacheKey.of(acme, "   ");

    assertThat(((Miss) cache.lookup(blank)).reason()).isEqualTo(MissReason.BLANK_PROMPT);
    assertThat(cache.put(blank, "answer").outcome()).isEqualTo(StoreOutcome.REFUSED_BLANK_PROMPT);
    LoadResult loaded = cache.getOrLoad(CacheKey.of(acme, ""), k -> "loaded anyway");
    assertThat(loaded.response()).isEqualTo("loaded anyway");
    assertThat(loaded.storeResult().orElseThrow().isStored()).isFalse();
    assertThat(embedder.embedCount()).isZero();
  }

  @Test
  void invisibleCharactersAreBlankToo() {
    SemanticCache cache = newCache();

    assertThat(cache.put(CacheKey.of(acme, "\u00A0"), "answer").outcome())
        .isEqualTo(StoreOutcome.REFUSED_BLANK_PROMPT);
    for (String invisible : List.of("\u2007\u202F", "\u200B", "\u3000\t\u2060", " \u00A0 ")) {
      assertThat(((Miss) cache.lookup(CacheKey.of(acme, invisible))).reason())
          .as("lookup of %s", invisible.codePoints().mapToObj(Integer::toHexString).toList())
          .isEqualTo(MissReason.BLANK_PROMPT);
    }
    assertThat(cache.getOrLoad(CacheKey.of(acme, "\u200B"), k -> "loaded").storeResult()
        .orElseThrow().outcome()).isEqualTo(StoreOutcome.REFUSED_BLANK_PROMPT);
    assertThat(embedder.embedCount()).isZero();
  }

  @Test
  void promptsWithTextTheModelCannotRepresentHitOnlyOnIdenticalText() {
    SemanticCache cache = newCache(b -> b.similarityThreshold(0.5));
    CacheKey pizza = CacheKey.of(acme, "Best \uD83C\uDF55 in Rome?");
    CacheKey sushi = CacheKey.of(acme, "Best \uD83C\uDF63 in Rome?");
    assertThat(embedder.embed(pizza.prompt()).cosine(embedder.embed(sushi.prompt())))
        .as("the model sees the same tokens").isGreaterThan(0.999);
    cache.put(pizza, "pizza places");

    Miss miss = (Miss) cache.lookup(sushi);
    assertThat(miss.reason()).isEqualTo(MissReason.PROMPT_UNREPRESENTABLE);
    assertThat(cache.lookup(pizza).asHit().orElseThrow().match()).isEqualTo(MatchKind.EXACT);
    // Nor does a fully representable prompt match the stored one's vector.
    assertThat(cache.lookup(CacheKey.of(acme, "Best in Rome?")).isHit()).isFalse();
    assertThat(meters.get("semcache.lookups").tag("reason", "prompt_unrepresentable").counter()
        .count()).isEqualTo(1.0);
  }

  @Test
  void truncatedPromptsHitOnlyOnIdenticalText() {
    SemanticCache cache = newCache(b -> b.similarityThreshold(0.5));
    String prefix = "word ".repeat(embedder.window());
    CacheKey stored = CacheKey.of(acme, prefix + "ending one");
    CacheKey sameWindow = CacheKey.of(acme, prefix + "ending two");
    cache.put(stored, "answer one");

    assertThat(cache.lookup(stored).asHit().orElseThrow().match()).isEqualTo(MatchKind.EXACT);
    Miss miss = (Miss) cache.lookup(sameWindow);
    assertThat(miss.reason()).isEqualTo(MissReason.PROMPT_TRUNCATED);
    // Nor does a short prompt match the truncated entry's (prefix-only) vector.
    assertThat(cache.lookup(CacheKey.of(acme, prefix.strip())).isHit()).isFalse();
  }

  // ------------------------------------------------------------------ failures and bad input

  @Test
  void embedderFailureFailsOpenByDefault() {
    SemanticCache cache = newCache();
    CacheKey cached = CacheKey.of(acme, "cached before the failure");
    cache.put(cached, "still served");
    embedder.failWith(new EmbeddingException("model crashed"));

    Miss miss = (Miss) cache.lookup(CacheKey.of(acme, "a new prompt"));
    StoreResult store = cache.put(CacheKey.of(acme, "another new prompt"), "x");

    assertThat(miss.reason()).isEqualTo(MissReason.EMBEDDING_FAILED);
    assertThat(store.outcome()).isEqualTo(StoreOutcome.EMBEDDING_FAILED);
    assertThat(cache.lookup(cached).isHit()).as("exact hits need no embedder").isTrue();
    assertThat(cache.stats().errorCount()).isEqualTo(2);
    assertThat(meters.get("semcache.errors").tag("kind", "embedding").counters().stream()
        .mapToDouble(c -> c.count()).sum()).isEqualTo(2.0);
  }

  @Test
  void embedderFailureThrowsWhenFailClosed() {
    SemanticCache cache = newCache(b -> b.failureMode(FailureMode.FAIL_CLOSED));
    embedder.failWith(new EmbeddingException("model crashed"));
    assertThatThrownBy(() -> cache.lookup(CacheKey.of(acme, "a new prompt")))
        .isExactlyInstanceOf(CacheUnavailableException.class)
        .hasMessageContaining("model crashed")
        .hasCauseInstanceOf(EmbeddingException.class);
    assertThatThrownBy(() -> cache.put(CacheKey.of(acme, "a new prompt"), "x"))
        .isExactlyInstanceOf(CacheUnavailableException.class);
    assertThatThrownBy(() -> cache.getOrLoad(CacheKey.of(acme, "a new prompt"), k -> "x"))
        .isExactlyInstanceOf(CacheUnavailableException.class);
  }

  @Test
  void badArgumentsAreRejectedNamingTheArgument() {
    SemanticCache cache = newCache();
    assertThatThrownBy(() -> cache.lookup((CacheKey) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CacheKey.of(acme, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("prompt");
    assertThatThrownBy(() -> Partition.of(" ", "gpt-4o"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant");
    assertThatThrownBy(() -> LookupRequest.builder(CacheKey.of(acme, "q")).threshold(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("similarityThreshold").hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> StoreRequest.builder(CacheKey.of(acme, "q"), "r")
        .ttl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    Embedding foreign = Embedding.of("another-model", embedder.axis(0));
    assertThatThrownBy(() -> cache.lookup(LookupRequest.builder(CacheKey.of(acme, "q"))
        .embedding(foreign).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request.embedding").hasMessageContaining("another-model");
    assertThatThrownBy(() -> cache.put(StoreRequest.builder(CacheKey.of(acme, "q"), "r")
        .embedding(Embedding.of(TestEmbedder.MODEL_ID, new float[] {1, 0})).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 384");
  }

  @Test
  void failedCallsLoseNothingAlreadyStored() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "stored before bad calls");
    cache.put(key, "safe");

    assertThatThrownBy(() -> cache.put(StoreRequest.builder(key, "overwrite")
        .embedding(Embedding.of("another-model", embedder.axis(0))).build()))
        .isInstanceOf(IllegalArgumentException.class);
    embedder.failWith(new EmbeddingException("down"));
    cache.put(key, "overwrite while the embedder is down");
    embedder.failWith(null);

    assertThat(cache.lookup(key).asHit().orElseThrow().response()).isEqualTo("safe");
  }

  @Test
  void builderOptionsCanBeSetOnceAndAreValidated() {
    SemanticCacheBuilder<?> builder = newCacheBuilder();
    builder.similarityThreshold(0.9);
    assertThatThrownBy(() -> builder.similarityThreshold(0.8))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("similarityThreshold");
    assertThatThrownBy(() -> builder.defaultTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultTtl");
    assertThatThrownBy(() -> newCacheBuilder().similarityThreshold(-0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> newCacheBuilder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("embedder");
  }

  // ------------------------------------------------------------------ stats, metrics, close

  @Test
  void statsAndMetricsCountHitsMissesAndStores() {
    definePasswordPrompts();
    SemanticCache cache = newCache(b -> b.similarityThreshold(0.90));
    cache.put(CacheKey.of(acme, "How do I reset my password?"), "a");
    cache.lookup(CacheKey.of(acme, "How do I reset my password?"));
    cache.lookup(CacheKey.of(acme, "I forgot my password, how can I change it?"));
    cache.lookup(CacheKey.of(acme, "What is the capital of France?"));

    var stats = cache.stats();
    assertThat(stats.exactHitCount()).isEqualTo(1);
    assertThat(stats.semanticHitCount()).isEqualTo(1);
    assertThat(stats.missCount()).isEqualTo(1);
    assertThat(stats.storeCount()).isEqualTo(1);
    assertThat(meters.get("semcache.lookups").tag("result", "hit").tag("match", "semantic")
        .tag("partition", "gpt-4o").counter().count()).isEqualTo(1.0);
    assertThat(meters.get("semcache.lookups").tag("reason", "below_threshold").counter().count())
        .isEqualTo(1.0);
    assertThat(meters.get("semcache.stores").tag("outcome", "stored").counter().count())
        .isEqualTo(1.0);
    // The semantic hit and the miss compared vectors; the exact hit did not.
    assertThat(meters.get("semcache.lookup.similarity").summary().count()).isEqualTo(2);
    assertThat(meters.get("semcache.embed.duration").timer().count()).isEqualTo(3);
    assertThat(meters.get("semcache.entries").gauge()).isNotNull();
    assertThat(meters.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTag("backend"))
        .isEqualTo(cache.inspect().backend()));
  }

  @Test
  void closedCacheRefusesCallsAndCloseIsIdempotent() {
    SemanticCache cache = newCache();
    cache.put(CacheKey.of(acme, "q"), "r");
    cache.close();
    cache.close();

    assertThatThrownBy(() -> cache.lookup(CacheKey.of(acme, "q")))
        .isInstanceOf(CacheClosedException.class);
    assertThatThrownBy(() -> cache.put(CacheKey.of(acme, "q"), "r"))
        .isInstanceOf(CacheClosedException.class);
    assertThat(cache.stats().storeCount()).isEqualTo(1);
    assertThat(meters.find("semcache.lookups").meters()).isEmpty();
  }

  // ------------------------------------------------------------------ export, import, warm-up

  private List<TransferEntry> exportAll(SemanticCache cache, ExportOptions options) {
    List<TransferEntry> exported = new ArrayList<>();
    ExportReport report = cache.entries().exportTo(exported::add, options);
    assertThat(report.exported()).isEqualTo(exported.size());
    return exported;
  }

  @Test
  void exportThenImportIntoAFreshCacheKeepsKeysResponsesTimesAndVectors() {
    definePasswordPrompts();
    SemanticCache source = newCache();
    CacheKey password = CacheKey.of(acme, "How do I reset my password?");
    CacheKey capital = CacheKey.of(globex, "What is the capital of France?");
    source.put(StoreRequest.builder(password, "Click 'Forgot password'.")
        .ttl(Duration.ofHours(2)).build());
    clock.advance(Duration.ofMinutes(5));
    source.put(capital, "Paris.");
    Hit before = source.lookup(password).asHit().orElseThrow();

    List<TransferEntry> exported = exportAll(source, ExportOptions.withVectors());
    clock.advance(Duration.ofMinutes(10));
    SemanticCache target = newCache();
    int embedsBeforeImport = embedder.embedCount();
    ImportReport report = target.entries().importFrom(exported.iterator(),
        ImportOptions.defaults());

    assertThat(exported).hasSize(2).allSatisfy(entry -> assertThat(entry.embedding()).isNotNull());
    assertThat(exported).extracting(entry -> entry.key().partition())
        .containsExactlyInAnyOrder(acme, globex);
    assertThat(report.completed()).isTrue();
    assertThat(report.stored()).isEqualTo(2);
    assertThat(report.progress().embedded()).isZero();
    assertThat(embedder.embedCount()).as("vectors reused, nothing embedded")
        .isEqualTo(embedsBeforeImport);
    Hit exact = target.lookup(password).asHit().orElseThrow();
    assertThat(exact.response()).isEqualTo("Click 'Forgot password'.");
    assertThat(exact.createdAt()).isEqualTo(before.createdAt());
    assertThat(exact.expiresAt()).isEqualTo(before.expiresAt());
    Hit semantic = target.lookup(CacheKey.of(acme, "I forgot my password, how can I change it?"))
        .asHit().orElseThrow();
    assertThat(semantic.match()).isEqualTo(MatchKind.SEMANTIC);
    assertThat(semantic.response()).isEqualTo("Click 'Forgot password'.");
    assertThat(target.lookup(capital).asHit().orElseThrow().response()).isEqualTo("Paris.");
    assertThat(meters.find("semcache.transfer").tag("direction", "import")
        .tag("outcome", "stored").counter().count()).isEqualTo(2);
    assertThat(meters.find("semcache.transfer").tag("direction", "export")
        .tag("outcome", "exported").counter().count()).isEqualTo(2);
  }

  @Test
  void exportAndImportKeepMetadataAndTags() {
    SemanticCache source = newCache();
    CacheKey key = CacheKey.of(acme, "what does the premium plan cost");
    ResponseMetadata metadata = ResponseMetadata.builder().finishReason("stop").model("m1")
        .tokenUsage(12, 5).chunkLengths(List.of(3, 11)).build();
    assertThat(source.put(StoreRequest.builder(key, "12 EUR a month").metadata(metadata)
        .tags("price-list", "plans").build()).isStored()).isTrue();

    List<TransferEntry> exported = exportAll(source, ExportOptions.withoutVectors());
    SemanticCache target = newCache();
    ImportReport report = target.entries().importFrom(exported.iterator(),
        ImportOptions.defaults());

    assertThat(exported).singleElement().satisfies(entry -> {
      assertThat(entry.metadata()).isEqualTo(metadata);
      assertThat(entry.tags()).containsExactly("plans", "price-list");
      assertThat(entry.embedding()).isNull();
    });
    assertThat(report.stored()).isEqualTo(1);
    assertThat(report.progress().embedded()).isEqualTo(1);
    Hit hit = target.lookup(key).asHit().orElseThrow();
    assertThat(hit.metadata()).isEqualTo(metadata);
    assertThat(target.countByTag("price-list")).isEqualTo(
        new TagInvalidation("price-list", TagInvalidation.Outcome.COUNTED, 1));
  }

  @Test
  void exportPagesThroughEveryLiveEntryOnceInIdOrder() {
    SemanticCache cache = newCache();
    for (int i = 0; i < 11; i++) {
      cache.put(CacheKey.of(i % 2 == 0 ? acme : globex, "question number " + i), "answer " + i);
    }
    cache.put(StoreRequest.builder(CacheKey.of(acme, "short lived"), "gone")
        .ttl(Duration.ofSeconds(1)).build());
    clock.advance(Duration.ofSeconds(2));

    List<TransferEntry> exported = exportAll(cache, ExportOptions.withVectors().pageSize(3));

    assertThat(exported).extracting(entry -> EntryId.of(entry.key()).value())
        .doesNotHaveDuplicates().isSorted().hasSize(11);
    assertThat(exported).extracting(TransferEntry::response).doesNotContain("gone");
  }

  @Test
  void importSkipsExpiredEntriesAndKeepsAbsoluteExpiry() {
    SemanticCache cache = newCache();
    Instant now = clock.instant();
    CacheKey old = CacheKey.of(acme, "an old question");
    CacheKey live = CacheKey.of(acme, "a live question");
    List<TransferEntry> entries = List.of(
        new TransferEntry(old, "stale", ResponseMetadata.NONE, java.util.Set.of(),
            now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), null),
        new TransferEntry(live, "fresh", ResponseMetadata.NONE, java.util.Set.of(),
            now.minus(Duration.ofHours(2)), now.plus(Duration.ofMinutes(30)), null));

    ImportReport report = cache.entries().importFrom(entries.iterator(), ImportOptions.defaults());

    assertThat(report.skippedExpired()).isEqualTo(1);
    assertThat(report.stored()).isEqualTo(1);
    assertThat(cache.lookup(old).isHit()).isFalse();
    Hit hit = cache.lookup(live).asHit().orElseThrow();
    assertThat(hit.createdAt()).isEqualTo(now.minus(Duration.ofHours(2)));
    assertThat(hit.expiresAt()).isEqualTo(now.plus(Duration.ofMinutes(30)));
    assertThat(cache.lookup(LookupRequest.builder(live)
        .cacheControl(CacheControl.parse("max-age=3600")).build()).isHit())
        .as("max-age compares against the exported creation time").isFalse();
  }

  @Test
  void importRefusesVectorsOfAnotherModelUnlessToldToReEmbed() {
    SemanticCache cache = newCache();
    CacheKey key = CacheKey.of(acme, "a question embedded elsewhere");
    float[] vector = new float[8];
    vector[0] = 1;
    TransferEntry foreign = new TransferEntry(key, "an answer", ResponseMetadata.NONE,
        java.util.Set.of(), null, null, Embedding.of("other/model-v2", vector));
    List<TransferEntry> entries = List.of(TransferEntry.of(CacheKey.of(acme, "fine"), "ok"),
        foreign);

    assertThatThrownBy(() -> cache.entries().importFrom(entries.iterator(),
        ImportOptions.defaults()))
        .isInstanceOf(IncompatibleEmbedderException.class)
        .hasMessageContaining("entry 2").hasMessageContaining("'other/model-v2' with dimension 8")
        .hasMessageContaining("'" + embedder.modelId() + "' with dimension "
            + embedder.dimension());
    assertThat(cache.lookup(CacheKey.of(acme, "fine")).isHit())
        .as("nothing of the round is stored").isFalse();

    ImportReport report = cache.entries().importFrom(entries.iterator(),
        ImportOptions.defaults().reEmbedForeignVectors());
    assertThat(report.stored()).isEqualTo(2);
    assertThat(report.progress().embedded()).isEqualTo(2);
    assertThat(cache.lookup(key).asHit().orElseThrow().response()).isEqualTo("an answer");
  }

  @Test
  void importGoesThroughTheWritePolicy() {
    SemanticCache cache = newCache(builder -> builder.writePolicy(WritePolicy.maxResponseChars(5)));
    List<TransferEntry> entries = List.of(
        TransferEntry.of(CacheKey.of(acme, "short"), "yes"),
        TransferEntry.of(CacheKey.of(acme, "long"), "a response far too long"),
        TransferEntry.of(CacheKey.of(acme, " "), "blank"));

    ImportReport report = cache.entries().importFrom(entries.iterator(), ImportOptions.defaults());

    assertThat(report.stored()).isEqualTo(1);
    assertThat(report.refused()).isEqualTo(2);
    assertThat(report.refusals()).anySatisfy(refusal -> assertThat(refusal)
        .startsWith("entry 2: REFUSED_BY_POLICY").contains("more than 5"));
    assertThat(report.refusals()).anySatisfy(refusal -> assertThat(refusal)
        .startsWith("entry 3: REFUSED_BLANK_PROMPT"));
    assertThat(cache.lookup(CacheKey.of(acme, "long")).isHit()).isFalse();
    assertThat(cache.lookup(CacheKey.of(acme, "short")).isHit()).isTrue();
  }

  @Test
  void aResumedImportContinuesAfterTheLastCheckpointWithoutStoringAgain() {
    SemanticCache cache = newCache();
    List<TransferEntry> entries = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      entries.add(TransferEntry.of(CacheKey.of(acme, "warm question " + i), "answer " + i));
    }
    List<Long> checkpoints = new ArrayList<>();
    ImportOptions crashingAfterFour = ImportOptions.defaults().batchSize(2).parallelism(1)
        .onProgress(progress -> {
          checkpoints.add(progress.position());
          if (progress.position() == 4) {
            throw new IllegalStateException("the process died");
          }
        });

    assertThatThrownBy(() -> cache.entries().importFrom(entries.iterator(), crashingAfterFour))
        .hasMessage("the process died");
    List<String> embeddedBeforeResume = List.copyOf(embedder.embeddedTexts());
    ImportReport resumed = cache.entries().importFrom(entries.iterator(),
        ImportOptions.defaults().batchSize(2).parallelism(1).resumeAfter(checkpoints.get(1)));

    assertThat(checkpoints).containsExactly(2L, 4L);
    assertThat(resumed.resumedAfter()).isEqualTo(4);
    assertThat(resumed.read()).isEqualTo(6);
    assertThat(resumed.stored()).isEqualTo(6);
    assertThat(resumed.progress().position()).isEqualTo(10);
    assertThat(embedder.embeddedTexts().subList(embeddedBeforeResume.size(),
        embedder.embedCount())).as("only the entries after the checkpoint")
        .containsExactly("warm question 5", "warm question 6", "warm question 7",
            "warm question 8", "warm question 9", "warm question 10");
    assertThat(exportAll(cache, ExportOptions.withoutVectors())).hasSize(10);
  }

  @Test
  void warmingEmbedsPairsInParallelBatchesOnTheImportsThreads() {
    SemanticCache cache = newCache();
    List<TransferEntry> pairs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pairs.add(TransferEntry.of(CacheKey.of(acme, "pair prompt " + i), "pair answer " + i));
    }
    List<ImportProgress> progress = new ArrayList<>();

    ImportReport report = cache.entries().importFrom(pairs.iterator(),
        ImportOptions.defaults().batchSize(5).parallelism(4).onProgress(progress::add));

    assertThat(report.stored()).isEqualTo(40);
    assertThat(report.progress().embedded()).isEqualTo(40);
    assertThat(progress).extracting(ImportProgress::position).containsExactly(20L, 40L);
    assertThat(embedder.embeddingThreads()).allSatisfy(thread ->
        assertThat(thread.getName()).startsWith("semcache-import-"));
    assertThat(cache.lookup(CacheKey.of(acme, "pair prompt 17")).asHit().orElseThrow().response())
        .isEqualTo("pair answer 17");
    assertThat(cache.lookup(CacheKey.of(acme, "pair prompt 17")).asHit().orElseThrow().expiresAt())
        .isEqualTo(clock.instant().plus(cache.inspect().defaultTtl()));
  }

  @Test
  void anImportStopsAtAFailingEmbedderAndSaysWhereToResume() {
    SemanticCache cache = newCache();
    List<TransferEntry> pairs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      pairs.add(TransferEntry.of(CacheKey.of(acme, "failing prompt " + i), "answer " + i));
    }
    AtomicInteger rounds = new AtomicInteger();
    ImportReport report = cache.entries().importFrom(pairs.iterator(),
        ImportOptions.defaults().batchSize(2).parallelism(1).onProgress(progress -> {
          if (rounds.incrementAndGet() == 1) {
            embedder.failWith(new EmbeddingException("model crashed"));
          }
        }));

    assertThat(report.completed()).isFalse();
    assertThat(report.failure().orElseThrow()).contains("model crashed")
        .contains("resume after it").contains("position 2");
    assertThat(report.progress().position()).isEqualTo(2);
    assertThat(report.stored()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ helpers

  /** Waits until {@code count} get-or-load calls have joined a pending load. */
  protected void waitUntilJoined(int count) {
    waitUntil(() -> meters.find("semcache.loads").tag("outcome", "joined").counters().stream()
        .mapToDouble(c -> c.count()).sum() >= count);
  }

  protected static void waitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
