package io.semcache.memory;

import io.micrometer.core.instrument.MeterRegistry;
import io.semcache.Embedder;
import io.semcache.SemanticCache;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.spi.SemanticCacheProvider;

/** Serves {@code backend_type: memory} for {@link io.semcache.core.SemanticCaches#fromConfig}. */
public final class MemoryCacheProvider implements SemanticCacheProvider {

  @Override
  public String backendType() {
    return "memory";
  }

  @Override
  public SemanticCache create(SemanticCacheConfig config, Embedder embedder,
      MeterRegistry registry) {
    MemorySemanticCache.Builder builder = MemorySemanticCache.builder()
        .applyConfig(config)
        .embedder(embedder)
        .meterRegistry(registry);
    config.maxEntries().ifPresent(builder::maximumEntries);
    config.maxMemoryBytes().ifPresent(builder::maximumWeightBytes);
    config.exactSearchLimit().ifPresent(builder::exactSearchLimit);
    return builder.build();
  }
}
