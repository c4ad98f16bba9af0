package io.semcache.milvus.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Fits prompt and response text into Milvus VarChar fields, whose limit counts UTF-8 bytes (the
 * Java SDK checks UTF-16 length instead, and milvus-lite checks nothing, so the backend enforces
 * the byte limit itself). Text is stored as it is when it fits, else gzip-compressed and
 * base64-encoded when that fits; otherwise it does not fit at all and the store is refused.
 */
public final class TextCodec {

  /** The text as it is, UTF-8. */
  public static final int PLAIN = 0;
  /** gzip of the UTF-8 bytes, base64 (standard alphabet, padded). */
  public static final int GZIP_BASE64 = 1;

  /** Never inflate a stored value beyond this; the largest legitimate value is far smaller. */
  private static final int MAX_DECODED_BYTES = 64 << 20;

  /** An encoded value and how it was encoded. */
  public record Encoded(String value, int encoding) {}

  private TextCodec() {}

  /**
   * The text encoded to at most {@code maxBytes} UTF-8 bytes, or empty if even compressed it is
   * larger.
   */
  public static Optional<Encoded> encode(String text, int maxBytes) {
    if (utf8Length(text) <= maxBytes) {
      return Optional.of(new Encoded(text, PLAIN));
    }
    // Base64 is 4/3 of the compressed size; gzip cannot shrink below ~1/1000 of the input.
    if ((long) text.length() > 1500L * maxBytes) {
      return Optional.empty();
    }
    String compressed = gzipBase64(text);
    return compressed.length() <= maxBytes
        ? Optional.of(new Encoded(compressed, GZIP_BASE64))
        : Optional.empty();
  }

  /**
   * The size of {@code text} gzip+base64-encoded, in bytes, or -1 when it was not compressed
   * because it is more than 1500 times {@code maxBytes} (no text compresses that well); for the
   * message of a refused store.
   */
  public static int compressedLength(String text, int maxBytes) {
    if ((long) text.length() > 1500L * maxBytes) {
      return -1;
    }
    return gzipBase64(text).length();
  }

  /**
   * The text stored as {@code value} with {@code encoding}.
   *
   * @throws IllegalArgumentException if the encoding is unknown or the value is not valid for it
   */
  public static String decode(String value, int encoding) {
    return switch (encoding) {
      case PLAIN -> value;
      case GZIP_BASE64 -> gunzip(value);
      default -> throw new IllegalArgumentException(
          "encoding: expected " + PLAIN + " (plain) or " + GZIP_BASE64 + " (gzip+base64), got "
              + encoding);
    };
  }

  /** The number of bytes of {@code text} in UTF-8, without encoding it. */
  public static int utf8Length(String text) {
    long bytes = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3; // BMP character, or a lone surrogate (encoded as '?', counted high)
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  private static String gzipBase64(String text) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(Math.max(64, text.length() / 4));
    try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory compression failed", e);
    }
    return Base64.getEncoder().encodeToString(buffer.toByteArray());
  }

  private static String gunzip(String value) {
    byte[] compressed;
    try {
      compressed = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("value: expected base64 of gzip data: " + e.getMessage(),
          e);
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      byte[] bytes = in.readNBytes(MAX_DECODED_BYTES + 1);
      if (bytes.length > MAX_DECODED_BYTES) {
        throw new IllegalArgumentException(
            "value: inflates to more than " + MAX_DECODED_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("value: expected gzip data: " + e.getMessage(), e);
    }
  }
}
