package io.semcache.spi;

import io.micrometer.core.instrument.MeterRegistry;
import io.semcache.Embedder;
import io.semcache.SemanticCache;
import io.semcache.config.SemanticCacheConfig;

/**
 * Creates a backend's cache from the router's configuration, for {@link
 * io.semcache.core.SemanticCaches#fromConfig}. Backend modules register one with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/io.semcache.spi.SemanticCacheProvider}).
 * Code that knows its backend uses the backend's builder instead.
 */
public interface SemanticCacheProvider {

  /** The {@code backend_type} this provider serves, e.g. {@code memory}. */
  String backendType();

  /**
   * @throws io.semcache.config.ConfigException if the backend's own configuration is invalid
   */
  SemanticCache create(SemanticCacheConfig config, Embedder embedder, MeterRegistry registry);
}
