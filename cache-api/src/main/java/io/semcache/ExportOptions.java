package io.semcache;

/**
 * How {@link CacheEntries#exportTo} reads a cache.
 *
 * @param vectors whether entries carry their embedding (about 2 kB more per entry as JSON for a
 *     384-dimension model, base64 in the file format); without, an import embeds every prompt
 * @param pageSize entries read from the backend per request
 */
public record ExportOptions(boolean vectors, int pageSize) {

  /** Entries per backend request by default; Milvus caps one query at 16,384 rows. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /** @throws IllegalArgumentException if {@code pageSize} is not 1 to 16,384 */
  public ExportOptions {
    if (pageSize < 1 || pageSize > 16_384) {
      throw new IllegalArgumentException("pageSize: expected 1 to 16384, got " + pageSize);
    }
  }

  /** With vectors, {@value #DEFAULT_PAGE_SIZE} entries a page. */
  public static ExportOptions withVectors() {
    return new ExportOptions(true, DEFAULT_PAGE_SIZE);
  }

  /** Without vectors, {@value #DEFAULT_PAGE_SIZE} entries a page. */
  public static ExportOptions withoutVectors() {
    return new ExportOptions(false, DEFAULT_PAGE_SIZE);
  }

  public ExportOptions pageSize(int entries) {
    return new ExportOptions(vectors, entries);
  }
}
