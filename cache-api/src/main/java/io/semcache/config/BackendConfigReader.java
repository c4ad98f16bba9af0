package io.semcache.config;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads one backend's own keys of the router's {@code semantic_cache} block (the memory
 * backend's bounds, say), so that the backend-neutral {@link SemanticCacheConfig} knows none of
 * them. {@link SemanticCacheConfig#read} hands the block to the reader of the configured {@code
 * backend_type} while it reads the block, so every problem of the file is still reported at once.
 * A backend's {@link io.semcache.spi.SemanticCacheProvider} is its reader; backend modules
 * register it with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/io.semcache.config.BackendConfigReader}).
 */
public interface BackendConfigReader {

  /** The {@code backend_type} this reader serves, e.g. {@code memory}. */
  String backendType();

  /**
   * The keys of the block this backend reads, so that one given to another backend is reported as
   * belonging to this one.
   */
  Set<String> keys();

  /**
   * Reads this backend's keys of {@code block} (feeding its builder's setters through {@link
   * ConfigSection#bind}), recording problems in the block's document.
   *
   * @return what the backend needs at creation, handed back by {@link
   *     SemanticCacheConfig#backendOptions(Class)}; null when it needs nothing more
   */
  @Nullable Object read(ConfigSection block);
}
