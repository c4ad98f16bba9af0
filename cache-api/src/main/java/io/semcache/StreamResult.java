package io.semcache;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a streamed get-or-load ended ({@link StreamedResponse#result()}, or what the callback form
 * of {@link SemanticCache#getOrLoadStream} returns). The text itself went to the caller chunk by
 * chunk and is not repeated here.
 *
 * @param source where the chunks came from
 * @param lookup the lookup that preceded the load (a hit when {@code source} is a hit)
 * @param metadata the response's attributes, every chunk's merged, with its chunk lengths; no
 *     chunk lengths when the stream was longer than the capture bound
 * @param chars the length of the whole response in chars
 * @param store the store of the streamed response, when this call led the load
 */
public record StreamResult(ResponseSource source, LookupResult lookup, ResponseMetadata metadata,
    long chars, @Nullable StoreResult store) {

  /**
   * The most chars a streamed miss captures for storing; beyond it, the chunks still reach every
   * caller but the capture stops and the store is {@link StoreOutcome#REFUSED_TOO_LARGE}. The
   * chunk count is bounded by {@link ResponseMetadata#MAX_CHUNKS} non-empty chunks the same way.
   */
  public static final int MAX_CAPTURED_CHARS = 1 << 20;

  public StreamResult {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(lookup, "lookup");
    Objects.requireNonNull(metadata, "metadata");
  }

  /** Whether the chunks were replayed from the cache. */
  public boolean fromCache() {
    return source == ResponseSource.EXACT_HIT || source == ResponseSource.SEMANTIC_HIT;
  }

  public Optional<StoreResult> storeResult() {
    return Optional.ofNullable(store);
  }
}
