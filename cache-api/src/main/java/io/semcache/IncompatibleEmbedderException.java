package io.semcache;

/**
 * The embedder's model id or dimension differs from what the cache's entries were written with.
 * Mixing vectors of different models would make similarities meaningless, so the cache refuses.
 */
public class IncompatibleEmbedderException extends SemanticCacheException {
  public IncompatibleEmbedderException(String message) {
    super(message);
  }
}
