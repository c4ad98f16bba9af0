package io.semcache.milvus;

import io.micrometer.core.instrument.MeterRegistry;
import io.semcache.Embedder;
import io.semcache.SemanticCache;
import io.semcache.config.ConfigException;
import io.semcache.config.ConfigProblem;
import io.semcache.config.ConfigSection;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.spi.SemanticCacheProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Serves {@code backend_type: milvus} for {@link io.semcache.core.SemanticCaches#fromConfig}: reads the
 * Milvus client file named by {@code backend_config_path} ({@link MilvusConfig#load}) and builds a
 * {@link MilvusSemanticCache}. The backend has no keys of its own in the {@code semantic_cache}
 * block; it only needs that file.
 */
public final class MilvusCacheProvider implements SemanticCacheProvider {

  @Override
  public String backendType() {
    return "milvus";
  }

  @Override
  public Set<String> keys() {
    return Set.of();
  }

  @Override
  public @Nullable Object read(ConfigSection block) {
    if (!block.has("backend_config_path")) {
      block.problem("backend_config_path", MISSING_PATH);
    }
    return null;
  }

  private static final String MISSING_PATH =
      "required when backend_type is milvus: the path of the Milvus client configuration";

  /**
   * @throws ConfigException if {@code backend_config_path} is missing, or the file it names has
   *     problems (all of them are listed)
   */
  @Override
  public SemanticCache create(SemanticCacheConfig config, Embedder embedder,
      MeterRegistry registry) {
    Path file = config.backendConfigPath().orElseThrow(() -> new ConfigException(
        "semantic_cache", List.of(new ConfigProblem("backend_config_path", MISSING_PATH))));
    return MilvusSemanticCache.builder()
        .applyConfig(config)
        .embedder(embedder)
        .meterRegistry(registry)
        .config(MilvusConfig.load(file))
        .build();
  }
}
