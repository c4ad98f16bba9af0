package io.semcache.spi;

import java.util.Locale;

/** Why a backend removed entries. The {@code cause} tag of {@code semcache.removals}. */
public enum RemovalCause {
  /** The entry's time to live passed. */
  EXPIRED,
  /** The cache was over its size or weight bound. */
  SIZE,
  /** An invalidate call. */
  EXPLICIT;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
