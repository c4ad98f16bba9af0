package io.semcache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The part of a cache key that must match exactly. Partitions are hard walls: an entry is never
 * returned for a lookup in another partition, however similar the prompts are.
 *
 * <ul>
 *   <li>{@code tenant}: whose data this is (a customer, an API key's owner);
 *   <li>{@code model}: the LLM that produced the response;
 *   <li>{@code fingerprint}: an opaque digest of everything else that changes the answer: system
 *       prompt, tool definitions, sampling parameters, earlier turns. Use {@link #fingerprintOf}
 *       to build one, or pass your own; empty means "nothing else".
 * </ul>
 *
 * @param tenant non-blank, at most {@value #MAX_TENANT_LENGTH} characters
 * @param model non-blank, at most {@value #MAX_MODEL_LENGTH} characters
 * @param fingerprint possibly empty, at most {@value #MAX_FINGERPRINT_LENGTH} characters
 */
public record Partition(String tenant, String model, String fingerprint) {

  public static final int MAX_TENANT_LENGTH = 256;
  public static final int MAX_MODEL_LENGTH = 256;
  public static final int MAX_FINGERPRINT_LENGTH = 128;

  /**
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if tenant or model is blank, or a component is too long
   */
  public Partition {
    requireText("tenant", tenant, MAX_TENANT_LENGTH, false);
    requireText("model", model, MAX_MODEL_LENGTH, false);
    requireText("fingerprint", fingerprint, MAX_FINGERPRINT_LENGTH, true);
  }

  /** A partition with an empty fingerprint. */
  public static Partition of(String tenant, String model) {
    return new Partition(tenant, model, "");
  }

  /** A partition whose fingerprint is {@link #fingerprintOf(String...)} of {@code contextParts}. */
  public static Partition of(String tenant, String model, String... contextParts) {
    return new Partition(tenant, model, fingerprintOf(contextParts));
  }

  /**
   * A 64-character hex SHA-256 digest of the given parts (system prompt, serialised tools,
   * parameters, earlier turns...). The encoding is length-prefixed, so {@code ("ab", "c")} and
   * {@code ("a", "bc")} differ.
   */
  public static String fingerprintOf(String... contextParts) {
    Objects.requireNonNull(contextParts, "contextParts");
    MessageDigest digest = sha256();
    for (int i = 0; i < contextParts.length; i++) {
      String part = contextParts[i];
      if (part == null) {
        throw new NullPointerException("contextParts[" + i + "]");
      }
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) ':');
      digest.update(bytes);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * A stable 64-character hex digest identifying this partition, used by backends as a storage
   * key (never shown in metrics, since it is derived from the tenant).
   */
  public String digest() {
    return fingerprintOf(tenant, model, fingerprint);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void requireText(String name, String value, int maxLength, boolean mayBeEmpty) {
    Objects.requireNonNull(value, name);
    if (!mayBeEmpty && value.isBlank()) {
      throw new IllegalArgumentException(name + ": expected a non-blank string, got \"" + value + "\"");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(
          name + ": expected at most " + maxLength + " characters, got " + value.length());
    }
  }
}
