package io.semcache.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.semcache.Embedder;
import io.semcache.FailureMode;
import io.semcache.HitVerifier;
import io.semcache.PartitionLabeler;
import io.semcache.ResponseMetadata;
import io.semcache.ShadowMode;
import io.semcache.WritePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The resolved options of one cache, with defaults applied. {@code ownsExecutor}: the executor was
 * created for this cache (none was given), so closing the cache shuts it down.
 */
record CacheSettings(
    String name,
    Embedder embedder,
    boolean closeEmbedder,
    ThresholdResolver thresholds,
    Duration defaultTtl,
    FailureMode failureMode,
    MeterRegistry meterRegistry,
    PartitionLabeler partitionLabeler,
    Clock clock,
    Executor executor,
    boolean ownsExecutor,
    int candidateLimit,
    List<HitVerifier> verifiers,
    WritePolicy writePolicy,
    Predicate<? super ResponseMetadata> cacheableFinish,
    ShadowMode shadowMode) {}
