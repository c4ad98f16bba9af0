package io.semcache.milvus;

import io.semcache.SemanticCacheException;

/**
 * Milvus refused the cache's credentials (gRPC {@code UNAUTHENTICATED}) or their privileges
 * ({@code PERMISSION_DENIED}). A configuration error, not an outage: thrown by {@code build()}
 * (in every failure mode), never retried. The message names where the credentials came from
 * ({@code connection.auth.username}/{@code password}, {@code connection.auth.token}, none, or the
 * supplied client), never their value.
 */
public class MilvusAuthenticationException extends SemanticCacheException {

  private final String credentialSource;

  public MilvusAuthenticationException(String message, String credentialSource,
      Throwable cause) {
    super(message, cause);
    this.credentialSource = credentialSource;
  }

  /** Where the refused credentials came from, e.g. {@code connection.auth.token}. */
  public String credentialSource() {
    return credentialSource;
  }
}
