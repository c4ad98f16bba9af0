package io.semcache;

/**
 * Turns a structured response (a JSON object, a tool-call payload, a type of the caller's) into
 * the text a cache stores and back. The cache stores the codec's {@link #contentType()} with the
 * entry, so a response is never decoded by a codec of another type.
 *
 * @param <T> the type of response
 */
public interface ResponseCodec<T> {

  /** The media type of the text this codec writes, such as {@code application/json}. */
  String contentType();

  String encode(T value);

  /**
   * @throws IllegalArgumentException if {@code text} is not one this codec could have written
   */
  T decode(String text);

  /** Plain text, as stored: the default. */
  static ResponseCodec<String> text() {
    return PlainText.INSTANCE;
  }

  /** The codec {@link #text()} returns. */
  enum PlainText implements ResponseCodec<String> {
    INSTANCE;

    @Override
    public String contentType() {
      return ResponseMetadata.PLAIN_TEXT;
    }

    @Override
    public String encode(String value) {
      return value;
    }

    @Override
    public String decode(String text) {
      return text;
    }
  }
}
