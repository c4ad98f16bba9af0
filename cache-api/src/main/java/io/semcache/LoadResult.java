package io.semcache;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link SemanticCache#getOrLoad}.
 *
 * @param response the response, from the cache or the loader
 * @param source where it came from
 * @param lookup the lookup that preceded the load (a hit when {@code source} is a hit)
 * @param store the store of the loaded response, when this call ran the loader
 */
public record LoadResult(String response, ResponseSource source, LookupResult lookup,
    @Nullable StoreResult store) {

  public LoadResult {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(lookup, "lookup");
  }

  /** Whether the response came from the cache (not from a loader call made for this request). */
  public boolean fromCache() {
    return source == ResponseSource.EXACT_HIT || source == ResponseSource.SEMANTIC_HIT;
  }

  public Optional<StoreResult> storeResult() {
    return Optional.ofNullable(store);
  }
}
