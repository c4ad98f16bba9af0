package io.semcache;

/** The cache was used after {@link SemanticCache#close()}. */
public class CacheClosedException extends SemanticCacheException {
  public CacheClosedException(String message) {
    super(message);
  }
}
