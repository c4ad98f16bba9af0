package io.semcache;

/**
 * Root of every exception semcache throws for operational failures (backend, embedding,
 * configuration, lifecycle). Invalid arguments are reported with {@link IllegalArgumentException}
 * or {@link NullPointerException}, whose message names the argument and what was expected.
 */
public class SemanticCacheException extends RuntimeException {
  public SemanticCacheException(String message) {
    super(message);
  }

  public SemanticCacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
