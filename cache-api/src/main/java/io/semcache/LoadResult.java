package io.semcache;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link SemanticCache#getOrLoad}.
 *
 * @param response the response's text, from the cache or the loader
 * @param metadata the response's attributes and chunk boundaries
 * @param source where it came from
 * @param lookup the lookup that preceded the load (a hit when {@code source} is a hit)
 * @param store the store of the loaded response, when this call ran the loader
 */
public record LoadResult(String response, ResponseMetadata metadata, ResponseSource source,
    LookupResult lookup, @Nullable StoreResult store) {

  public LoadResult {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(lookup, "lookup");
  }

  /** Whether the response came from the cache (not from a loader call made for this request). */
  public boolean fromCache() {
    return source == ResponseSource.EXACT_HIT || source == ResponseSource.SEMANTIC_HIT;
  }

  /** The response with its metadata, to {@link Response#decode decode} or replay. */
  public Response asResponse() {
    return Response.of(response, metadata);
  }

  public Optional<StoreResult> storeResult() {
    return Optional.ofNullable(store);
  }
}
