package io.semcache;

/** The backend failed, timed out, or is shed by a circuit breaker. */
public class CacheUnavailableException extends SemanticCacheException {
  public CacheUnavailableException(String message) {
    super(message);
  }

  public CacheUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
