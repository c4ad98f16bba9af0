package io.semcache.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.semcache.CacheControl;
import io.semcache.CacheStats;
import io.semcache.MatchKind;
import io.semcache.MissReason;
import io.semcache.Partition;
import io.semcache.PartitionLabeler;
import io.semcache.SimilarityThreshold;
import io.semcache.StoreOutcome;
import io.semcache.TagInvalidation;
import io.semcache.spi.RemovalCause;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Every meter of one cache, plus the counters behind {@link CacheStats}. Meter names are the
 * {@code semcache.*} family documented in the README; all carry the tags {@code cache} and {@code
 * backend}, and per-partition meters a bounded {@code partition} label.
 */
final class CacheMetrics {

  static final String LOOKUPS = "semcache.lookups";
  static final String STORES = "semcache.stores";
  static final String LOADS = "semcache.loads";
  static final String REMOVALS = "semcache.removals";
  static final String ERRORS = "semcache.errors";
  static final String SIMILARITY = "semcache.lookup.similarity";
  static final String EMBED_DURATION = "semcache.embed.duration";
  static final String SEARCH_DURATION = "semcache.search.duration";
  static final String WRITE_DURATION = "semcache.write.duration";
  static final String ENTRIES = "semcache.entries";
  static final String REJECTIONS = "semcache.verifier.rejections";
  static final String VERIFY_DURATION = "semcache.verify.duration";
  static final String CACHE_CONTROL = "semcache.cache_control";
  static final String SHADOW = "semcache.shadow";
  static final String TAG_INVALIDATIONS = "semcache.tag_invalidations";
  static final String TRANSFERS = "semcache.transfer";
  static final String STREAMS = "semcache.streams";

  /** Buckets for the similarity histogram: dense where thresholds are usually set. */
  private static final double[] SIMILARITY_BUCKETS = {
      0.5, 0.6, 0.7, 0.75, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.92, 0.94, 0.96, 0.98, 0.99, 1.0};

  /** Cache names in use per registry: two caches with one name would merge their meters. */
  private static final Map<MeterRegistry, java.util.Set<String>> NAMES_IN_USE =
      new java.util.WeakHashMap<>();

  private final MeterRegistry registry;
  private final String cacheName;
  private final Tags commonTags;
  private final PartitionLabeler labeler;
  private final List<Meter> registered = new CopyOnWriteArrayList<>();
  private final Map<MeterKey, Meter> meters = new ConcurrentHashMap<>();
  private final Map<String, LookupMeters> lookupMeters = new ConcurrentHashMap<>();

  final Timer embedTimer;
  final Timer searchTimer;
  final Timer writeTimer;
  final Timer verifyTimer;

  private final LongAdder exactHits = new LongAdder();
  private final LongAdder semanticHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder joinedLoads = new LongAdder();
  private final LongAdder stores = new LongAdder();
  private final LongAdder storesRefused = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder expirations = new LongAdder();
  private final LongAdder errors = new LongAdder();

  /** Cache key of a tagged meter: its name, partition label and one more tag value. */
  private record MeterKey(String name, String partitionLabel, String tagValue) {}

  <T> CacheMetrics(MeterRegistry registry, String cacheName, String backend,
      PartitionLabeler labeler, T sizeSource, ToDoubleFunction<T> size) {
    claimName(registry, cacheName);
    this.registry = registry;
    this.cacheName = cacheName;
    this.commonTags = Tags.of("cache", cacheName, "backend", backend);
    this.labeler = labeler;
    this.embedTimer = keep(Timer.builder(EMBED_DURATION)
        .description("Time to embed one prompt").tags(commonTags)
        .publishPercentileHistogram().register(registry));
    this.searchTimer = keep(Timer.builder(SEARCH_DURATION)
        .description("Time of one backend search or exact-text get").tags(commonTags)
        .publishPercentileHistogram().register(registry));
    this.writeTimer = keep(Timer.builder(WRITE_DURATION)
        .description("Time of one backend upsert").tags(commonTags)
        .publishPercentileHistogram().register(registry));
    this.verifyTimer = keep(Timer.builder(VERIFY_DURATION)
        .description("Time of the hit verifiers for one lookup").tags(commonTags)
        .publishPercentileHistogram().register(registry));
    keep(Gauge.builder(ENTRIES, sizeSource, size)
        .description("Live entries, approximately").tags(commonTags).register(registry));
  }

  void hit(Partition partition, MatchKind match, double similarity) {
    (match == MatchKind.EXACT ? exactHits : semanticHits).increment();
    LookupMeters meters = lookupMeters(labeler.label(partition));
    meters.hit(match).increment();
    // An exact hit compared no vectors: its 1.0 would tell threshold tuning nothing, and
    // recording it was a sixth of the exact-repeat path.
    if (match != MatchKind.EXACT) {
      meters.similarity().record(similarity);
    }
  }

  void miss(Partition partition, MissReason reason, double bestSimilarity) {
    misses.increment();
    LookupMeters meters = lookupMeters(labeler.label(partition));
    meters.miss(reason).increment();
    if (!Double.isNaN(bestSimilarity)) {
      meters.similarity().record(Math.max(0.0, bestSimilarity));
    }
  }

  private LookupMeters lookupMeters(String partitionLabel) {
    LookupMeters known = lookupMeters.get(partitionLabel);
    return known != null ? known
        : lookupMeters.computeIfAbsent(partitionLabel, LookupMeters::new);
  }

  /**
   * The lookup meters of one partition label, each resolved once: every lookup records two, and
   * resolving them by name and tags costs more than recording. Slots fill on first use (so no
   * meter shows before it counts); a race resolves the same meter twice, which is harmless.
   */
  private final class LookupMeters {
    private final String label;
    private final AtomicReferenceArray<Counter> hits =
        new AtomicReferenceArray<>(MatchKind.values().length);
    private final AtomicReferenceArray<Counter> misses =
        new AtomicReferenceArray<>(MissReason.values().length);
    private volatile @Nullable DistributionSummary similarity;

    LookupMeters(String label) {
      this.label = label;
    }

    Counter hit(MatchKind match) {
      Counter known = hits.get(match.ordinal());
      if (known == null) {
        known = counter(LOOKUPS, label, match.name(), "Lookups by result",
            "result", "hit", "match", lower(match.name()), "reason", "none");
        hits.set(match.ordinal(), known);
      }
      return known;
    }

    Counter miss(MissReason reason) {
      Counter known = misses.get(reason.ordinal());
      if (known == null) {
        known = counter(LOOKUPS, label, reason.name(), "Lookups by result",
            "result", "miss", "match", "none", "reason", reason.tag());
        misses.set(reason.ordinal(), known);
      }
      return known;
    }

    DistributionSummary similarity() {
      DistributionSummary known = similarity;
      if (known == null) {
        known = CacheMetrics.this.similarity(label);
        similarity = known;
      }
      return known;
    }
  }

  void store(Partition partition, StoreOutcome outcome) {
    (outcome == StoreOutcome.STORED ? stores : storesRefused).increment();
    counter(STORES, labeler.label(partition), outcome.name(), "Stores by outcome",
        "outcome", outcome.tag()).increment();
  }

  void load(String outcome) {
    switch (outcome) {
      case "success" -> loads.increment();
      case "failure" -> {
        loads.increment();
        loadFailures.increment();
      }
      case "joined" -> joinedLoads.increment();
      default -> throw new IllegalArgumentException("outcome: unknown " + outcome);
    }
    counter(LOADS, "", outcome, "Get-or-load calls by outcome", "outcome", outcome).increment();
  }

  void removal(@Nullable Partition partition, RemovalCause cause, long count) {
    switch (cause) {
      case SIZE -> evictions.add(count);
      case EXPIRED -> expirations.add(count);
      case EXPLICIT -> { }
    }
    String label = partition == null ? "unknown" : labeler.label(partition);
    counter(REMOVALS, label, cause.name(), "Entries removed, by cause",
        "cause", cause.tag()).increment(count);
  }

  /** Counts each directive of a lookup's or get-or-load's cache control. */
  void cacheControl(CacheControl control) {
    if (control.isNone()) {
      return;
    }
    if (control.isBypass()) {
      directive("bypass");
    } else if (control.noStore()) {
      directive("no_store");
    } else if (control.noCache()) {
      directive("no_cache");
    }
    if (control.maxAge().isPresent()) {
      directive("max_age");
    }
    if (control.ttl().isPresent()) {
      directive("ttl");
    }
  }

  /**
   * How one streamed get-or-load ended: {@code replayed} (a hit), {@code stored}, {@code
   * not_stored} (completed, the store refused or skipped), {@code not_cacheable}, {@code
   * too_large}, {@code errored}, {@code cancelled}. Counted once per load, by its leader.
   */
  void stream(String outcome) {
    counter(STREAMS, "", outcome, "Streamed get-or-loads by how they ended", "outcome", outcome)
        .increment();
  }

  /** One invalidation by tag or its dry run, by outcome. */
  void tagInvalidation(TagInvalidation.Outcome outcome) {
    counter(TAG_INVALIDATIONS, "", outcome.name(), "Invalidations by tag and dry runs, by outcome",
        "outcome", outcome.tag()).increment();
  }

  /** One entry exported or imported, by direction and outcome. */
  void transfer(String direction, String outcome) {
    transfer(direction, outcome, 1);
  }

  void transfer(String direction, String outcome, long count) {
    counter(TRANSFERS, "", direction + '/' + outcome,
        "Entries exported and imported, by direction and outcome", "direction", direction,
        "outcome", outcome).increment(count);
  }

  /** One would-be decision of a shadowed lookup. */
  void shadow(SimilarityThreshold threshold, String verification, String outcome) {
    String value = Double.toString(threshold.value());
    counter(SHADOW, "", value + '/' + verification + '/' + outcome,
        "Shadowed lookups by what they would have decided", "threshold", value, "verification",
        verification, "outcome", outcome).increment();
  }

  private void directive(String directive) {
    counter(CACHE_CONTROL, "", directive, "Requests by cache-control directive", "directive",
        directive).increment();
  }

  void rejection(Partition partition, String verifier) {
    counter(REJECTIONS, labeler.label(partition), verifier,
        "Candidates refused by a hit verifier", "verifier", verifier).increment();
  }

  /**
   * Counts a failure.
   *
   * @param kind {@code backend}, {@code embedding}, {@code verifier} or {@code policy}
   * @param operation {@code lookup}, {@code store}, {@code invalidate}
   */
  void error(String kind, String operation) {
    errors.increment();
    counter(ERRORS, "", kind + '/' + operation, "Backend and embedder failures",
        "kind", kind, "operation", operation).increment();
  }

  CacheStats snapshot() {
    return new CacheStats(exactHits.sum(), semanticHits.sum(), misses.sum(), loads.sum(),
        loadFailures.sum(), joinedLoads.sum(), stores.sum(), storesRefused.sum(),
        evictions.sum(), expirations.sum(), errors.sum());
  }

  /** Removes this cache's meters from the registry and frees its name. */
  void close() {
    for (Meter meter : registered) {
      registry.remove(meter);
    }
    registered.clear();
    meters.clear();
    lookupMeters.clear();
    synchronized (NAMES_IN_USE) {
      java.util.Set<String> names = NAMES_IN_USE.get(registry);
      if (names != null) {
        names.remove(cacheName);
      }
    }
  }

  private static void claimName(MeterRegistry registry, String cacheName) {
    synchronized (NAMES_IN_USE) {
      if (!NAMES_IN_USE.computeIfAbsent(registry, r -> new java.util.HashSet<>()).add(cacheName)) {
        throw new IllegalStateException("name: a cache named '" + cacheName + "' is already open"
            + " on this MeterRegistry, and its meters would merge with this one's; give each"
            + " cache a distinct name()");
      }
    }
  }

  private DistributionSummary similarity(String partitionLabel) {
    return (DistributionSummary) meters.computeIfAbsent(
        new MeterKey(SIMILARITY, partitionLabel, ""),
        key -> keep(DistributionSummary.builder(SIMILARITY)
            .description("Best similarity seen by each lookup that compared vectors")
            .tags(commonTags).tag("partition", partitionLabel)
            .serviceLevelObjectives(SIMILARITY_BUCKETS)
            .register(registry)));
  }

  /** A counter tagged with {@code tags} (and {@code partition} unless the label is empty). */
  private Counter counter(String name, String partitionLabel, String keyValue,
      String description, String... tags) {
    return (Counter) meters.computeIfAbsent(new MeterKey(name, partitionLabel, keyValue), key -> {
      Tags all = commonTags.and(tags);
      if (!partitionLabel.isEmpty()) {
        all = all.and("partition", partitionLabel);
      }
      return keep(Counter.builder(name).description(description).tags(all).register(registry));
    });
  }

  private <M extends Meter> M keep(M meter) {
    registered.add(meter);
    return meter;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
