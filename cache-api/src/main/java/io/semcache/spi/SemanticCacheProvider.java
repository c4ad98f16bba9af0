package io.semcache.spi;

import io.micrometer.core.instrument.MeterRegistry;
import io.semcache.Embedder;
import io.semcache.SemanticCache;
import io.semcache.config.BackendConfigReader;
import io.semcache.config.SemanticCacheConfig;

/**
 * Creates a backend's cache from the router's configuration, for {@link
 * io.semcache.core.SemanticCaches#fromConfig}, and reads the backend's own keys of that
 * configuration ({@link BackendConfigReader}). Backend modules register one with {@link
 * java.util.ServiceLoader} under both interfaces ({@code
 * META-INF/services/io.semcache.spi.SemanticCacheProvider} and {@code
 * META-INF/services/io.semcache.config.BackendConfigReader}). Code that knows its backend uses the
 * backend's builder instead.
 */
public interface SemanticCacheProvider extends BackendConfigReader {

  /**
   * Creates the cache, taking the backend's own options from {@link
   * SemanticCacheConfig#backendOptions(Class)}.
   *
   * @throws io.semcache.config.ConfigException if the backend's own configuration is invalid
   */
  SemanticCache create(SemanticCacheConfig config, Embedder embedder, MeterRegistry registry);
}
