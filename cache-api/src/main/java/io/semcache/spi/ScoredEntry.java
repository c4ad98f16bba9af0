package io.semcache.spi;

import java.util.Objects;

/**
 * A search result: an entry and its cosine similarity to the query, in [-1, 1]. Backends convert
 * their native scores to this meaning in one place.
 */
public record ScoredEntry(StoredEntry entry, double similarity) {
  public ScoredEntry {
    Objects.requireNonNull(entry, "entry");
  }
}
