package io.semcache.milvus.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Milvus server version reported at connect ({@code GetVersion}), and what it means for the
 * way this backend writes.
 *
 * <p><b>Upsert and partition keys.</b> Milvus 2.3.x computes the partition of an upserted row
 * from the wrong field when the collection has a partition key (milvus-io/milvus #30607, fixed by
 * PRs #30772 on master and #30773 on the 2.3 branch, February 2024). The row is then filed under
 * a partition its partition key does not hash to, so a search filtered on the partition key
 * finds it only by chance, and a delete by partition key misses it. Verified on 2.3.5: 0 of 20
 * upserted rows found by a partition-key-filtered search, 20 of 20 inserted rows found. Insert
 * files rows correctly there, so on every 2.3 release (and on any version this class cannot
 * read) a store is a delete by id followed by an insert, which has the upsert's meaning: Milvus
 * orders the two by their timestamps, so the insert survives the delete. Upsert is used from 2.4.0
 * on, which contains the fix.
 *
 * @param major, minor, patch the numeric version
 * @param raw the server's own string, e.g. {@code v2.3.5-lite} (the PyPI build of 2.3.5)
 */
public record ServerVersion(int major, int minor, int patch, String raw) {

  private static final Pattern NUMERIC = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  /** How a store writes its row. */
  public enum WritePath {
    /** One upsert. */
    UPSERT,
    /** Delete by id, then insert, in one call (each retry repeats both). */
    DELETE_THEN_INSERT
  }

  /** The version in {@code reported}, if it starts with {@code [v]major.minor[.patch]}. */
  public static Optional<ServerVersion> parse(String reported) {
    if (reported == null) {
      return Optional.empty();
    }
    Matcher m = NUMERIC.matcher(reported.trim());
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ServerVersion(Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
          reported.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether this backend can run on it at all: Milvus 2.3 and newer (the SDK's v2 API). */
  public boolean supported() {
    return major > 2 || (major == 2 && minor >= 3);
  }

  /** Upsert from 2.4.0 on; delete + insert on 2.3.x, where upsert misfiles rows. */
  public WritePath writePath() {
    return major > 2 || (major == 2 && minor >= 4) ? WritePath.UPSERT
        : WritePath.DELETE_THEN_INSERT;
  }

  /**
   * The write path for the version a server reported: delete + insert when it cannot be read.
   *
   * @throws UnsupportedServerException if it is older than 2.3
   */
  public static WritePath check(String reported) {
    Optional<ServerVersion> version = parse(reported);
    if (version.isPresent() && !version.get().supported()) {
      throw new UnsupportedServerException("Milvus reports version " + reported
          + "; semcache-milvus needs Milvus 2.3 or newer (see the semcache-milvus README,"
          + " \"Verified against\")");
    }
    return version.map(ServerVersion::writePath).orElse(WritePath.DELETE_THEN_INSERT);
  }

  /** A server this backend does not run on: a configuration error, never retried. */
  public static final class UnsupportedServerException extends io.semcache.SemanticCacheException {
    UnsupportedServerException(String message) {
      super(message);
    }
  }

  @Override
  public String toString() {
    return raw;
  }
}
