package io.semcache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The part of a cache key that must match exactly. Partitions are hard walls: an entry is never
 * returned for a lookup in another partition, however similar the prompts are.
 *
 * <ul>
 *   <li>{@code tenant}: whose data this is (a customer, an API key's owner);
 *   <li>{@code model}: the LLM that produced the response;
 *   <li>{@code fingerprint}: an opaque digest of everything else that changes the answer: system
 *       prompt, tool definitions, sampling parameters, earlier turns.
 * </ul>
 *
 * <p>{@link #of(String, String, String...)} is the way to make one: it hashes the context parts,
 * and no parts at all is the same partition as {@link #of(String, String)}. {@link
 * #withFingerprint} takes a fingerprint the caller computed itself (or a backend read back), and
 * says so in its name, so that the two cannot be mistaken for each other.
 *
 * <p>Tenant and model must not be {@linkplain CacheKey#isBlankText blank}; at most {@value
 * #MAX_TENANT_LENGTH}, {@value #MAX_MODEL_LENGTH} and {@value #MAX_FINGERPRINT_LENGTH} characters.
 */
public final class Partition {

  public static final int MAX_TENANT_LENGTH = 256;
  public static final int MAX_MODEL_LENGTH = 256;
  public static final int MAX_FINGERPRINT_LENGTH = 128;

  private final String tenant;
  private final String model;
  private final String fingerprint;
  /** Memoised {@link #digest()}: every exact-text lookup derives an entry id from it. */
  private volatile @Nullable String digest;
  /** Memoised {@link #idPrefix()}. */
  private volatile byte @Nullable [] idPrefix;

  /** One SHA-256 per thread: {@code MessageDigest.getInstance} costs a provider lookup. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(Partition::newSha256);

  private Partition(String tenant, String model, String fingerprint) {
    requireText("tenant", tenant, MAX_TENANT_LENGTH, false);
    requireText("model", model, MAX_MODEL_LENGTH, false);
    requireText("fingerprint", fingerprint, MAX_FINGERPRINT_LENGTH, true);
    this.tenant = tenant;
    this.model = model;
    this.fingerprint = fingerprint;
  }

  /**
   * A partition with an empty fingerprint: nothing but tenant and model changes the answer.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if tenant or model is blank or too long
   */
  public static Partition of(String tenant, String model) {
    return new Partition(tenant, model, "");
  }

  /**
   * A partition whose fingerprint is {@link #fingerprintOf(String...)} of {@code contextParts};
   * without parts, the same partition as {@link #of(String, String)}.
   *
   * @throws NullPointerException if an argument or a part is null
   * @throws IllegalArgumentException if tenant or model is blank or too long
   */
  public static Partition of(String tenant, String model, String... contextParts) {
    Objects.requireNonNull(contextParts, "contextParts");
    return new Partition(tenant, model,
        contextParts.length == 0 ? "" : fingerprintOf(contextParts));
  }

  /**
   * A partition with a fingerprint the caller already computed (its own digest of the context,
   * or one read back from storage), used as it is.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if tenant or model is blank, or a component is too long
   */
  public static Partition withFingerprint(String tenant, String model, String fingerprint) {
    return new Partition(tenant, model, fingerprint);
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

  public String tenant() {
    return tenant;
  }

  public String model() {
    return model;
  }

  /** The context fingerprint; empty means "nothing else changes the answer". */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * A stable 64-character hex digest identifying this partition, used by backends as a storage
   * key (never shown in metrics, since it is derived from the tenant).
   */
  public String digest() {
    String known = digest;
    if (known == null) {
      known = fingerprintOf(tenant, model, fingerprint);
      digest = known;
    }
    return known;
  }

  /**
   * What {@link EntryId#of} hashes before the prompt: the ASCII {@link #digest()} and a zero
   * byte. Shared, so never to be modified.
   */
  byte[] idPrefix() {
    byte[] known = idPrefix;
    if (known == null) {
      known = Arrays.copyOf(digest().getBytes(StandardCharsets.US_ASCII), 65);
      idPrefix = known;
    }
    return known;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Partition p && tenant.equals(p.tenant) && model.equals(p.model)
        && fingerprint.equals(p.fingerprint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, model, fingerprint);
  }

  @Override
  public String toString() {
    return "Partition[tenant=" + tenant + ", model=" + model + ", fingerprint=" + fingerprint + "]";
  }

  /** This thread's SHA-256, reset: callers finish with {@code digest()} before any other use. */
  static MessageDigest sha256() {
    MessageDigest digest = SHA256.get();
    digest.reset();
    return digest;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void requireText(String name, String value, int maxLength, boolean mayBeEmpty) {
    Objects.requireNonNull(value, name);
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(
          name + ": expected at most " + maxLength + " characters, got " + value.length());
    }
    if (!mayBeEmpty && CacheKey.isBlankText(value)) {
      throw new IllegalArgumentException(name
          + ": expected a string with a letter, digit or symbol, got \"" + value + "\"");
    }
  }
}
