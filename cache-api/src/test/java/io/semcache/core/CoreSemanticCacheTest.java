package io.semcache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.CacheKey;
import io.semcache.CacheUnavailableException;
import io.semcache.EntryId;
import io.semcache.ExportOptions;
import io.semcache.FailureMode;
import io.semcache.ImportOptions;
import io.semcache.ImportReport;
import io.semcache.InvalidationOutcome;
import io.semcache.LoadResult;
import io.semcache.LookupResult.Miss;
import io.semcache.MissReason;
import io.semcache.Partition;
import io.semcache.ResponseMetadata;
import io.semcache.ResponseSource;
import io.semcache.SemanticCache;
import io.semcache.StoreOutcome;
import io.semcache.StoreRequest;
import io.semcache.StoreResult;
import io.semcache.TagInvalidation;
import io.semcache.TransferEntry;
import io.semcache.spi.StoredEntry;
import io.semcache.testing.ManualClock;
import io.semcache.testing.TestEmbedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failure handling of the cache core, driven by a store that fails on command. */
class CoreSemanticCacheTest {

  private final ScriptedEntryStore store = new ScriptedEntryStore();
  private final TestEmbedder embedder = new TestEmbedder();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ManualClock clock = ManualClock.startingNow();
  private final CacheKey key = CacheKey.of(Partition.of("acme", "gpt-4o"), "What is 2 + 2?");

  private SemanticCache cache(FailureMode mode) {
    return new ScriptedEntryStore.Builder(store).embedder(embedder).meterRegistry(meters)
        .clock(clock).failureMode(mode).build();
  }

  @Test
  void backendFailureMakesLookupsMissAndStoresReportItWhenFailOpen() {
    SemanticCache cache = cache(FailureMode.FAIL_OPEN);
    cache.put(key, "4");
    store.failure.set(new IllegalStateException("connection refused"));

    Miss miss = (Miss) cache.lookup(key);
    StoreResult stored = cache.put(key, "four");

    assertThat(miss.reason()).isEqualTo(MissReason.BACKEND_FAILED);
    assertThat(stored.outcome()).isEqualTo(StoreOutcome.BACKEND_FAILED);
    assertThat(stored.detail()).contains("connection refused");
    assertThat(cache.invalidate(EntryId.of(key))).isEqualTo(InvalidationOutcome.FAILED);
    assertThat(cache.stats().errorCount()).isEqualTo(3);
    assertThat(meters.get("semcache.errors").tag("kind", "backend").tag("operation", "lookup")
        .counter().count()).isEqualTo(1.0);
    assertThat(meters.get("semcache.lookups").tag("reason", "backend_failed").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void backendFailureThrowsWhenFailClosed() {
    SemanticCache cache = cache(FailureMode.FAIL_CLOSED);
    store.failure.set(new IllegalStateException("connection refused"));

    assertThatThrownBy(() -> cache.lookup(key)).isInstanceOf(CacheUnavailableException.class)
        .hasRootCauseMessage("connection refused");
    assertThatThrownBy(() -> cache.put(key, "4")).isInstanceOf(CacheUnavailableException.class);
    assertThatThrownBy(() -> cache.invalidateAll()).isInstanceOf(CacheUnavailableException.class);
  }

  @Test
  void getOrLoadStillAnswersFromTheLoaderDuringAnOutage() {
    SemanticCache cache = cache(FailureMode.FAIL_OPEN);
    store.failure.set(new IllegalStateException("timeout"));

    LoadResult result = cache.getOrLoad(key, k -> "4");

    assertThat(result.response()).isEqualTo("4");
    assertThat(result.source()).isEqualTo(ResponseSource.LOADED);
    assertThat(result.storeResult().orElseThrow().outcome()).isEqualTo(StoreOutcome.BACKEND_FAILED);
  }

  @Test
  void refusalsFromTheStoreAreReportedNotThrown() {
    SemanticCache cache = cache(FailureMode.FAIL_CLOSED);
    store.writeOutcome.set(StoreOutcome.REFUSED_TOO_LARGE);

    StoreResult result = cache.put(key, "x".repeat(100));

    assertThat(result.outcome()).isEqualTo(StoreOutcome.REFUSED_TOO_LARGE);
    assertThat(cache.stats().storeRefusedCount()).isEqualTo(1);
    assertThat(cache.stats().errorCount()).isZero();
  }

  @Test
  void failureToOpenTheStoreClosesItAndFreesTheName() {
    store.failure.set(new IllegalStateException("no such collection"));
    assertThatThrownBy(() -> cache(FailureMode.FAIL_OPEN))
        .hasMessageContaining("no such collection");
    assertThat(store.closed).isTrue();
    assertThat(meters.getMeters()).isEmpty();

    store.failure.set(null);
    assertThat(cache(FailureMode.FAIL_OPEN)).isNotNull();
  }

  @Test
  void twoOpenCachesCannotShareANameOnOneRegistry() {
    SemanticCache first = cache(FailureMode.FAIL_OPEN);
    assertThatThrownBy(() -> cache(FailureMode.FAIL_OPEN))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("name")
        .hasMessageContaining("default");
    first.close();
    assertThat(cache(FailureMode.FAIL_OPEN)).isNotNull();
  }

  @Test
  void entriesOfAnotherModelAreNeverServed() {
    SemanticCache cache = cache(FailureMode.FAIL_OPEN);
    long now = clock.millis();
    store.inject(new StoredEntry(EntryId.of(key), key.partition(), key.prompt(), "stale",
        embedder.axis(0), true, "another-model", now, now + 60_000));

    assertThat(cache.lookup(key).isHit()).isFalse();
  }

  @Test
  void expiryIsCheckedAgainEvenIfAStoreReturnsAnExpiredEntry() {
    SemanticCache cache = cache(FailureMode.FAIL_OPEN);
    cache.put(key, "4");
    clock.advance(SemanticCacheBuilder.DEFAULT_TTL.plus(Duration.ofSeconds(1)));
    // The scripted store filters expiry on get, but search returns expired entries: the core
    // must drop them.
    assertThat(cache.lookup(CacheKey.of(key.partition(), "What is 2+2"))
        .isHit()).isFalse();
  }

  @Test
  void aStoreThatCannotKeepTagsRefusesTaggedEntriesAndSaysSoOnInvalidation() {
    SemanticCache cache = cache(FailureMode.FAIL_CLOSED);

    StoreResult tagged = cache.put(StoreRequest.builder(key, "4").tags("arithmetic").build());
    StoreResult withMetadata = cache.put(StoreRequest.builder(key, "4")
        .metadata(ResponseMetadata.builder().model("m").build()).build());
    StoreResult plain = cache.put(key, "4");

    assertThat(tagged.outcome()).isEqualTo(StoreOutcome.REFUSED_UNSUPPORTED);
    assertThat(withMetadata.outcome()).isEqualTo(StoreOutcome.REFUSED_UNSUPPORTED);
    assertThat(plain.isStored()).isTrue();
    assertThat(cache.invalidateByTag("arithmetic"))
        .isEqualTo(new TagInvalidation("arithmetic", TagInvalidation.Outcome.UNSUPPORTED, 0));
    assertThat(cache.countByTag("arithmetic").outcome())
        .isEqualTo(TagInvalidation.Outcome.UNSUPPORTED);
    assertThat(meters.get("semcache.stores").tag("outcome", "refused_unsupported").counter()
        .count()).isEqualTo(2);
  }

  @Test
  void aBackendFailureOfATagInvalidationIsReportedOrThrownWhenFailClosed() {
    store.tags.set(true);
    SemanticCache open = cache(FailureMode.FAIL_OPEN);
    open.put(StoreRequest.builder(key, "4").tags("arithmetic").build());
    SemanticCache closed = new ScriptedEntryStore.Builder(store).embedder(embedder)
        .meterRegistry(meters).clock(clock).failureMode(FailureMode.FAIL_CLOSED).name("closed")
        .build();
    store.failure.set(new IllegalStateException("connection refused"));

    assertThat(open.invalidateByTag("arithmetic"))
        .isEqualTo(new TagInvalidation("arithmetic", TagInvalidation.Outcome.FAILED, 0));
    assertThat(open.countByTag("arithmetic").outcome()).isEqualTo(TagInvalidation.Outcome.FAILED);
    assertThat(meters.get("semcache.errors").tag("kind", "backend").tag("operation", "invalidate")
        .counter().count()).isEqualTo(2.0);
    assertThat(meters.get("semcache.tag_invalidations").tag("outcome", "failed").counter()
        .count()).isEqualTo(2.0);
    assertThatThrownBy(() -> closed.invalidateByTag("arithmetic"))
        .isInstanceOf(CacheUnavailableException.class).hasRootCauseMessage("connection refused");

    store.failure.set(null);
    assertThat(open.invalidateByTag("arithmetic"))
        .as("nothing was lost to the failed calls")
        .isEqualTo(new TagInvalidation("arithmetic", TagInvalidation.Outcome.REMOVED, 1));
  }

  @Test
  void aStoreThatCannotScanRefusesAnExportSayingSo() {
    SemanticCache cache = cache(FailureMode.FAIL_OPEN);
    cache.put(key, "4");

    assertThatThrownBy(() -> cache.entries().exportTo(entry -> { },
        ExportOptions.withVectors()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("the scripted backend cannot list its entries (EntryStore.scan), so it cannot"
            + " be exported");
  }

  @Test
  void aBackendFailureStopsAnImportAtItsRoundAndSaysWhereToResume() {
    SemanticCache cache = cache(FailureMode.FAIL_CLOSED);
    List<TransferEntry> entries = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      entries.add(TransferEntry.of(
          CacheKey.of(Partition.of("acme", "gpt-4o"), "question " + i), "answer " + i));
    }
    ImportReport report = cache.entries().importFrom(entries.iterator(),
        ImportOptions.defaults().batchSize(2).parallelism(1).onProgress(progress ->
            store.failure.set(new IllegalStateException("connection refused"))));

    assertThat(report.completed()).isFalse();
    assertThat(report.failure().orElseThrow())
        .isEqualTo("the scripted backend failed storing entries 3 to 4:"
            + " java.lang.IllegalStateException: connection refused; every entry up to position 2"
            + " was handled: resume after it");
    assertThat(report.stored()).isEqualTo(2);
    assertThat(report.read()).isEqualTo(4);
    assertThat(meters.get("semcache.errors").tag("kind", "backend").tag("operation", "import")
        .counter().count()).isEqualTo(1.0);
    assertThat(meters.get("semcache.transfer").tag("outcome", "failed").counter().count())
        .isEqualTo(2.0);
  }
}
