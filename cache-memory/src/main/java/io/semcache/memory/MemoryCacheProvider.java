package io.semcache.memory;

import io.micrometer.core.instrument.MeterRegistry;
import io.semcache.Embedder;
import io.semcache.SemanticCache;
import io.semcache.config.ConfigSection;
import io.semcache.config.ConfigType;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.spi.SemanticCacheProvider;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Serves {@code backend_type: memory} for {@link io.semcache.core.SemanticCaches#fromConfig}, and
 * reads the memory backend's keys of the {@code semantic_cache} block: {@code max_entries}, {@code
 * max_memory_bytes} and {@code exact_search_limit}, checked by {@link MemorySemanticCache.Builder}'s
 * own setters as they are read.
 */
public final class MemoryCacheProvider implements SemanticCacheProvider {

  /** The memory backend's keys, as read; applied again to the builder of the cache. */
  record MemoryOptions(@Nullable Long maxEntries, @Nullable Long maxMemoryBytes,
      @Nullable Integer exactSearchLimit) {
    static final MemoryOptions DEFAULTS = new MemoryOptions(null, null, null);

    MemorySemanticCache.Builder applyTo(MemorySemanticCache.Builder builder) {
      if (maxEntries != null) {
        builder.maximumEntries(maxEntries);
      }
      if (maxMemoryBytes != null) {
        builder.maximumWeightBytes(maxMemoryBytes);
      }
      if (exactSearchLimit != null) {
        builder.exactSearchLimit(exactSearchLimit);
      }
      return builder;
    }
  }

  @Override
  public String backendType() {
    return "memory";
  }

  @Override
  public Set<String> keys() {
    return Set.of("max_entries", "max_memory_bytes", "exact_search_limit");
  }

  @Override
  public Object read(ConfigSection block) {
    // The setters of a builder that is never built check each value where its rule is stated.
    MemorySemanticCache.Builder checked = MemorySemanticCache.builder();
    MemoryOptions options = new MemoryOptions(
        block.bind("max_entries", ConfigType.LONG, checked::maximumEntries).orElse(null),
        block.bind("max_memory_bytes", ConfigType.LONG, checked::maximumWeightBytes).orElse(null),
        block.bind("exact_search_limit", ConfigType.INT, checked::exactSearchLimit).orElse(null));
    block.attempt("max_memory_bytes", checked::checkBounds);
    if (block.has("backend_config_path")) {
      block.problem("backend_config_path",
          "applies to backend_type milvus only; the memory backend has no separate file");
    }
    if (block.has("eviction_policy")) {
      block.problem("eviction_policy", "not supported: the memory backend always evicts with"
          + " Caffeine's W-TinyLFU, which keeps more hits than LRU, LFU or FIFO; remove the key");
    }
    block.markRead("eviction_policy");
    return options;
  }

  @Override
  public SemanticCache create(SemanticCacheConfig config, Embedder embedder,
      MeterRegistry registry) {
    MemorySemanticCache.Builder builder = MemorySemanticCache.builder()
        .applyConfig(config)
        .embedder(embedder)
        .meterRegistry(registry);
    return config.backendOptions(MemoryOptions.class).orElse(MemoryOptions.DEFAULTS)
        .applyTo(builder).build();
  }
}
