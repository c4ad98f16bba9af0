package io.semcache.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.semcache.Embedder;
import io.semcache.SemanticCache;
import io.semcache.SemanticCacheException;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.spi.SemanticCacheProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Creates a cache from the router's {@code semantic_cache} configuration, selecting the backend by
 * {@code backend_type} among the backend modules on the classpath. Code that knows its backend
 * should use that backend's builder directly.
 */
public final class SemanticCaches {

  private SemanticCaches() {}

  /**
   * @return the cache, or empty when the configuration says {@code enabled: false}
   * @throws SemanticCacheException if no backend module for the configured type is on the
   *     classpath
   * @throws io.semcache.config.ConfigException if the backend's own configuration is invalid
   */
  public static Optional<SemanticCache> fromConfig(SemanticCacheConfig config, Embedder embedder,
      MeterRegistry registry) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(embedder, "embedder");
    Objects.requireNonNull(registry, "registry");
    if (!config.enabled()) {
      return Optional.empty();
    }
    List<String> available = new ArrayList<>();
    for (SemanticCacheProvider provider : ServiceLoader.load(SemanticCacheProvider.class,
        SemanticCaches.class.getClassLoader())) {
      if (provider.backendType().equals(config.backendType())) {
        return Optional.of(provider.create(config, embedder, registry));
      }
      available.add(provider.backendType());
    }
    throw new SemanticCacheException("backend_type: " + config.backendType()
        + " needs the semcache-" + config.backendType() + " module on the classpath; found "
        + (available.isEmpty() ? "no backend module" : "only " + available));
  }
}
