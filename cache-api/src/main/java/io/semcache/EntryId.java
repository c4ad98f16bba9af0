package io.semcache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Identifies a cache entry. The id is derived from the key, so storing the same prompt in the same
 * partition twice (from any replica) replaces one entry instead of creating two.
 *
 * <p>Its text form, {@link #value()}, is 32 lowercase hex digits; it is held as the 128 bits they
 * spell, because a memory cache keeps one id per entry (32 bytes this way, 88 as a string) and an
 * exact-text lookup derives one per call. Ids order as their text does ({@link #compareTo}).
 */
public final class EntryId implements Comparable<EntryId> {

  /** Length of the text form ({@link #value()}): 128 bits as hex. */
  public static final int LENGTH = 32;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The first 64 bits of the text form's number, then the last 64. */
  private final long high;
  private final long low;

  /**
   * The id whose text form is {@code value}.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not 32 lowercase hex characters
   */
  public EntryId(String value) {
    Objects.requireNonNull(value, "value");
    if (!isId(value)) {
      throw new IllegalArgumentException(
          "value: expected " + LENGTH + " lowercase hex characters, got \"" + value + "\"");
    }
    this.high = Long.parseUnsignedLong(value, 0, LENGTH / 2, 16);
    this.low = Long.parseUnsignedLong(value, LENGTH / 2, LENGTH, 16);
  }

  private EntryId(long high, long low) {
    this.high = high;
    this.low = low;
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
    // The first 128 bits of SHA-256(prefix, prompt), big-endian: the hex text ids always had.
    return new EntryId(bigEndianLong(hash, 0), bigEndianLong(hash, 8));
  }

  /** The 32 lowercase hex digits: how the id is stored, exported and shown. */
  public String value() {
    char[] text = new char[LENGTH];
    for (int i = 0; i < LENGTH / 2; i++) {
      text[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
      text[LENGTH / 2 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xf];
    }
    return new String(text);
  }

  /** The order of {@link #value()}: hex digits of one length compare as unsigned numbers. */
  @Override
  public int compareTo(EntryId other) {
    int byHigh = Long.compareUnsigned(high, other.high);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryId id && high == id.high && low == id.low;
  }

  @Override
  public int hashCode() {
    // The bits are a hash already.
    return (int) low;
  }

  @Override
  public String toString() {
    return value();
  }

  private static long bigEndianLong(byte[] bytes, int from) {
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << 8) | (bytes[from + i] & 0xff);
    }
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
