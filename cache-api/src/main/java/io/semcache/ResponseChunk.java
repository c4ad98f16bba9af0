package io.semcache;

import java.util.Objects;

/**
 * One piece of a streamed response: what a streaming loader of {@link
 * SemanticCache#getOrLoadStream} publishes and what its caller receives, from the loader or
 * replayed from the cache.
 *
 * <p>A chunk's metadata carries the attributes known when it arrived, usually only on the last
 * chunk (the finish reason, the token usage); the stored response's metadata is every chunk's
 * attributes merged in order, a later value replacing an earlier one. A chunk with empty text (an
 * OpenAI-style final chunk with only a finish reason) adds its attributes but no chunk boundary,
 * so a replay does not repeat it: there the stored attributes arrive on the last chunk.
 *
 * @param text the chunk's text; may be empty
 * @param metadata attributes known with this chunk; never chunk lengths
 */
public record ResponseChunk(String text, ResponseMetadata metadata) {

  /**
   * @throws IllegalArgumentException if {@code metadata} has chunk lengths (the cache records
   *     them itself)
   */
  public ResponseChunk {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(metadata, "metadata");
    if (!metadata.chunkLengths().isEmpty()) {
      throw new IllegalArgumentException("metadata: expected no chunk lengths on a chunk (the"
          + " cache records the boundaries itself), got " + metadata.chunkLengths().size());
    }
  }

  /** A chunk of text without attributes. */
  public static ResponseChunk of(String text) {
    return new ResponseChunk(text, ResponseMetadata.NONE);
  }

  /**
   * A chunk with the attributes known at its arrival, typically the last one's finish reason.
   *
   * @throws IllegalArgumentException if {@code metadata} has chunk lengths
   */
  public static ResponseChunk of(String text, ResponseMetadata metadata) {
    return new ResponseChunk(text, metadata);
  }

  @Override
  public String toString() {
    return "ResponseChunk[" + text.length() + " chars"
        + (metadata.isEmpty() ? "" : ", " + metadata) + "]";
  }
}
