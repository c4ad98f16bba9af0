package io.semcache.milvus;

import io.semcache.SemanticCacheException;
import java.util.List;

/**
 * An existing Milvus collection does not have the layout this backend writes (fields, types,
 * index, metric). The cache refuses to write into it; each mismatch is listed.
 */
public class IncompatibleCollectionException extends SemanticCacheException {

  private final String collection;
  private final List<String> mismatches;

  public IncompatibleCollectionException(String collection, List<String> mismatches) {
    super("Milvus collection '" + collection + "' does not fit this cache ("
        + mismatches.size() + (mismatches.size() == 1 ? " mismatch" : " mismatches")
        + "); nothing was written to it. Use another collection.name, or drop the collection"
        + " and let the cache create it:\n  " + String.join("\n  ", mismatches));
    this.collection = collection;
    this.mismatches = List.copyOf(mismatches);
  }

  public String collection() {
    return collection;
  }

  /** One line per mismatch, e.g. {@code field 'expires_at' is missing (expected Int64)}. */
  public List<String> mismatches() {
    return mismatches;
  }
}
