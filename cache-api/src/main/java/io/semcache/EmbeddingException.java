package io.semcache;

/** The embedder could not produce a vector: model missing, unloadable, or failing at inference. */
public class EmbeddingException extends SemanticCacheException {
  public EmbeddingException(String message) {
    super(message);
  }

  public EmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
