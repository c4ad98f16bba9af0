package io.semcache;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one request allows the cache to do, as routers let their clients say it (an HTTP-style
 * {@code Cache-Control} header, vLLM Semantic Router's {@code x-vsr-cache-control}, LiteLLM's
 * per-request {@code cache} options). Set on a {@link LookupRequest}; the cache counts each
 * directive it sees in {@code semcache.cache_control{directive}}.
 *
 * <ul>
 *   <li>{@code noStore}: look up as usual, never store this request's answer;
 *   <li>{@code noCache}: never serve from the cache (no lookup, no joining a load in flight), but
 *       store the answer;
 *   <li>both ({@link #bypass()}): the cache is not involved at all;
 *   <li>{@code maxAge}: serve only an entry stored at most this long ago;
 *   <li>{@code ttl}: the time to live of the entry a get-or-load stores.
 * </ul>
 */
public final class CacheControl {

  private static final CacheControl NONE = new CacheControl(false, false, null, null);

  private final boolean noStore;
  private final boolean noCache;
  private final @Nullable Duration maxAge;
  private final @Nullable Duration ttl;

  private CacheControl(boolean noStore, boolean noCache, @Nullable Duration maxAge,
      @Nullable Duration ttl) {
    if (maxAge != null && maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge: expected zero or a positive duration, got "
          + maxAge);
    }
    if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
      throw new IllegalArgumentException("ttl: expected a positive duration, got " + ttl);
    }
    this.noStore = noStore;
    this.noCache = noCache;
    this.maxAge = maxAge;
    this.ttl = ttl;
  }

  /** No directive: the cache's defaults. */
  public static CacheControl none() {
    return NONE;
  }

  /** Look up, never store. */
  public static CacheControl noStoreOnly() {
    return new CacheControl(true, false, null, null);
  }

  /** Store, never serve. */
  public static CacheControl noCacheOnly() {
    return new CacheControl(false, true, null, null);
  }

  /** Neither look up nor store. */
  public static CacheControl bypass() {
    return new CacheControl(true, true, null, null);
  }

  /** @throws IllegalArgumentException if {@code maxAge} is negative */
  public CacheControl withMaxAge(Duration maxAge) {
    return new CacheControl(noStore, noCache, Objects.requireNonNull(maxAge, "maxAge"), ttl);
  }

  /** @throws IllegalArgumentException if {@code ttl} is zero or negative */
  public CacheControl withTtl(Duration ttl) {
    return new CacheControl(noStore, noCache, maxAge, Objects.requireNonNull(ttl, "ttl"));
  }

  /** Never store this request's answer. */
  public boolean noStore() {
    return noStore;
  }

  /** Never serve this request from the cache. */
  public boolean noCache() {
    return noCache;
  }

  public boolean isBypass() {
    return noStore && noCache;
  }

  public boolean isNone() {
    return equals(NONE);
  }

  /** Serve only entries stored at most this long ago; empty for any age. */
  public Optional<Duration> maxAge() {
    return Optional.ofNullable(maxAge);
  }

  /** The time to live of the entry a get-or-load stores; empty for the cache's default. */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CacheControl that && noStore == that.noStore
        && noCache == that.noCache && Objects.equals(maxAge, that.maxAge)
        && Objects.equals(ttl, that.ttl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(noStore, noCache, maxAge, ttl);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("CacheControl[");
    if (noStore) {
      out.append("no-store,");
    }
    if (noCache) {
      out.append("no-cache,");
    }
    if (maxAge != null) {
      out.append("max-age=").append(maxAge.toSeconds()).append(',');
    }
    if (ttl != null) {
      out.append("ttl=").append(ttl.toSeconds()).append(',');
    }
    if (out.charAt(out.length() - 1) == ',') {
      out.setLength(out.length() - 1);
    }
    return out.append(']').toString();
  }

  /**
   * Reads a header value: comma-separated directives, case-insensitive, {@code no-store}, {@code
   * no-cache}, {@code bypass}, {@code max-age=SECONDS}, {@code ttl=SECONDS}; blank means {@link
   * #none()}.
   *
   * @throws IllegalArgumentException naming the directive that is unknown, repeated or has a bad
   *     value
   */
  public static CacheControl parse(String header) {
    Objects.requireNonNull(header, "header");
    if (header.length() > 1024) {
      throw new IllegalArgumentException("cache control: expected at most 1024 characters, got "
          + header.length());
    }
    boolean noStore = false;
    boolean noCache = false;
    Duration maxAge = null;
    Duration ttl = null;
    for (String part : header.split(",")) {
      String directive = part.strip().toLowerCase(Locale.ROOT);
      if (directive.isEmpty()) {
        continue;
      }
      int equals = directive.indexOf('=');
      String name = equals < 0 ? directive : directive.substring(0, equals).strip();
      String value = equals < 0 ? null : directive.substring(equals + 1).strip();
      switch (name) {
        case "no-store" -> noStore = flag(name, value, noStore);
        case "no-cache" -> noCache = flag(name, value, noCache);
        case "bypass" -> {
          noStore = flag(name, value, noStore);
          noCache = true;
        }
        case "max-age" -> maxAge = seconds(name, value, maxAge, true);
        case "ttl" -> ttl = seconds(name, value, ttl, false);
        default -> throw new IllegalArgumentException("cache control: unknown directive '" + name
            + "' (expected no-store, no-cache, bypass, max-age=SECONDS or ttl=SECONDS)");
      }
    }
    return new CacheControl(noStore, noCache, maxAge, ttl);
  }

  private static boolean flag(String name, @Nullable String value, boolean already) {
    if (value != null) {
      throw new IllegalArgumentException("cache control: " + name + " takes no value, got '"
          + value + "'");
    }
    if (already) {
      throw new IllegalArgumentException("cache control: " + name + " given twice");
    }
    return true;
  }

  private static Duration seconds(String name, @Nullable String value,
      @Nullable Duration already, boolean zeroAllowed) {
    if (already != null) {
      throw new IllegalArgumentException("cache control: " + name + " given twice");
    }
    long seconds;
    try {
      seconds = value == null ? -1 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < (zeroAllowed ? 0 : 1) || seconds > 10L * 365 * 24 * 3600) {
      throw new IllegalArgumentException("cache control: " + name + " expects whole seconds, "
          + (zeroAllowed ? "0" : "1") + " to 315360000, got "
          + (value == null ? "no value" : "'" + value + "'"));
    }
    return Duration.ofSeconds(seconds);
  }
}
