package io.semcache;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A response with its metadata: what a loader of {@link SemanticCache#getOrLoadResponse} returns
 * and what {@link LookupResult.Hit#asResponse()} and {@link LoadResult#asResponse()} give back.
 *
 * @param text the response as stored
 * @param metadata its attributes and chunk boundaries
 * @param tags the facts it depends on, stored with it ({@link SemanticCache#invalidateByTag});
 *     empty on a response from the cache
 * @param error whether the caller marked it as an error (a non-2xx answer); the default {@link
 *     WritePolicy} refuses to store it. Never set on a response that came from the cache
 */
public record Response(String text, ResponseMetadata metadata, Set<String> tags,
    boolean error) {

  /**
   * @throws IllegalArgumentException if the metadata's chunk lengths do not add up to the text, or
   *     a tag is invalid ({@link TagInvalidation#requireValidTags})
   */
  public Response {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(metadata, "metadata");
    metadata.requireCovers(text, "metadata");
    tags = TagInvalidation.requireValidTags(tags, "tags");
  }

  public static Response of(String text) {
    return new Response(text, ResponseMetadata.NONE, Set.of(), false);
  }

  /**
   * @throws IllegalArgumentException if the metadata's chunk lengths do not add up to the text
   */
  public static Response of(String text, ResponseMetadata metadata) {
    return new Response(text, metadata, Set.of(), false);
  }

  /** An error response, which the default write policy never stores. */
  public static Response error(String text, ResponseMetadata metadata) {
    return new Response(text, metadata, Set.of(), true);
  }

  /** This response with {@code tags} in place of its own, such as the documents it was built on. */
  public Response withTags(String... tags) {
    return new Response(text, metadata, new LinkedHashSet<>(Arrays.asList(tags)), error);
  }

  /**
   * {@code value} encoded by {@code codec}, with the codec's content type added to {@code
   * metadata}.
   */
  public static <T> Response encode(ResponseCodec<T> codec, T value, ResponseMetadata metadata) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(value, "value");
    String text = Objects.requireNonNull(codec.encode(value), "codec.encode returned null");
    return of(text, metadata.toBuilder().contentType(codec.contentType()).build());
  }

  /**
   * The response decoded by {@code codec}.
   *
   * @throws IllegalArgumentException if the response was stored with another content type than the
   *     codec's, or the codec cannot read it
   */
  public <T> T decode(ResponseCodec<T> codec) {
    Objects.requireNonNull(codec, "codec");
    if (!codec.contentType().equals(metadata.contentType())) {
      throw new IllegalArgumentException("codec: expected one for content type '"
          + metadata.contentType() + "' (the stored response's), got one for '"
          + codec.contentType() + "'");
    }
    return codec.decode(text);
  }

  /** The text cut where its chunks began when it was streamed; one chunk otherwise. */
  public List<String> chunks() {
    return metadata.split(text);
  }

  /** Whether the response was streamed (it has chunk boundaries). */
  public boolean isStreamed() {
    return !metadata.chunkLengths().isEmpty();
  }

  @Override
  public String toString() {
    return "Response[" + text.length() + " chars, " + metadata + (error ? ", error" : "") + "]";
  }
}
