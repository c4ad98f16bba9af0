package io.semcache;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Identifies a cache entry. The id is derived from the key, so storing the same prompt in the same
 * partition twice (from any replica) replaces one entry instead of creating two.
 */
public record EntryId(String value) {

  /** Length of ids made by {@link #of(CacheKey)}: 128 bits as hex. */
  public static final int LENGTH = 32;

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not 32 lowercase hex characters
   */
  public EntryId {
    Objects.requireNonNull(value, "value");
    if (value.length() != LENGTH || !value.chars().allMatch(EntryId::isLowerHex)) {
      throw new IllegalArgumentException(
          "value: expected " + LENGTH + " lowercase hex characters, got \"" + value + "\"");
    }
  }

  /** The id of the entry that {@code key} is stored under. */
  public static EntryId of(CacheKey key) {
    var digest = Partition.sha256();
    digest.update(key.partition().digest().getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) 0);
    digest.update(key.prompt().getBytes(StandardCharsets.UTF_8));
    return new EntryId(HexFormat.of().formatHex(digest.digest(), 0, LENGTH / 2));
  }

  @Override
  public String toString() {
    return value;
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
