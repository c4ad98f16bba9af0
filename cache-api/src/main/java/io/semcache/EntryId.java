package io.semcache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Identifies a cache entry. The id is derived from the key, so storing the same prompt in the same
 * partition twice (from any replica) replaces one entry instead of creating two.
 */
public record EntryId(String value) {

  /** Length of ids made by {@link #of(CacheKey)}: 128 bits as hex. */
  public static final int LENGTH = 32;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not 32 lowercase hex characters
   */
  public EntryId {
    Objects.requireNonNull(value, "value");
    if (!isId(value)) {
      throw new IllegalArgumentException(
          "value: expected " + LENGTH + " lowercase hex characters, got \"" + value + "\"");
    }
  }

  /** The id of the entry that {@code key} is stored under. */
  public static EntryId of(CacheKey key) {
    // Every exact-text lookup pays for this, so it reuses the thread's digest and the
    // partition's encoded prefix instead of allocating either.
    byte[] prefix = key.partition().idPrefix(); // first: it may itself hash, with this digest
    MessageDigest digest = Partition.sha256();
    digest.update(prefix);
    digest.update(key.prompt().getBytes(StandardCharsets.UTF_8));
    byte[] hash = digest.digest();
    byte[] hex = new byte[LENGTH];
    for (int i = 0; i < LENGTH / 2; i++) {
      hex[2 * i] = HEX[(hash[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[hash[i] & 0xf];
    }
    return new EntryId(new String(hex, StandardCharsets.ISO_8859_1));
  }

  @Override
  public String toString() {
    return value;
  }

  /** 32 lowercase hex digits; without branches per character, which random hex mispredicts. */
  private static boolean isId(String value) {
    if (value.length() != LENGTH) {
      return false;
    }
    int outside = 0;
    for (int i = 0; i < LENGTH; i++) {
      char c = value.charAt(i);
      // Negative exactly when c is neither in '0'..'9' nor in 'a'..'f'.
      outside |= ((c - '0') | ('9' - c)) & ((c - 'a') | ('f' - c));
    }
    return outside >= 0;
  }
}
