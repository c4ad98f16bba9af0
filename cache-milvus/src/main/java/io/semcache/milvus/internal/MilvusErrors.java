package io.semcache.milvus.internal;

import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import io.semcache.CacheUnavailableException;
import io.semcache.SemanticCacheException;
import io.semcache.milvus.MilvusAuthenticationException;
import java.time.Duration;

/**
 * Milvus SDK exceptions to semcache's hierarchy, in one place. Only the SDK's own classification
 * is used (an RPC failure or timeout versus an answer from the server); the server's error codes
 * are never interpreted, since milvus-lite sends codes the SDK cannot read and full Milvus sends
 * others.
 */
public final class MilvusErrors {

  private MilvusErrors() {}

  /**
   * What the caller sees when {@code operation} failed with {@code failure}: {@link
   * CacheUnavailableException} when Milvus could not be reached or did not answer (gRPC errors,
   * deadlines, the raw gRPC exceptions the SDK's constructor lets through), else a {@link
   * SemanticCacheException} carrying the server's or SDK's message.
   */
  public static SemanticCacheException translate(String operation, Throwable failure) {
    return translate(operation, failure, "the configured credentials");
  }

  /**
   * Like {@link #translate(String, Throwable)}, but an authentication or permission failure
   * becomes a {@link MilvusAuthenticationException} naming {@code credentialSource}.
   */
  public static SemanticCacheException translate(String operation, Throwable failure,
      String credentialSource) {
    if (failure instanceof SemanticCacheException ours) {
      return ours;
    }
    String refusal = authFailure(failure);
    if (refusal != null) {
      boolean permission = refusal.equals("PERMISSION_DENIED");
      return new MilvusAuthenticationException("Milvus " + operation + " refused "
          + (permission ? "for lack of privileges of " : "") + credentialSource + " ("
          + refusal + "): " + (permission
              ? "grant the user the privileges the cache needs (see the semcache-milvus README)"
              : "check the user name, password or token, and whether the server has"
                  + " authorization enabled")
          + ". A configuration error, not retried", credentialSource, failure);
    }
    if (failure instanceof MilvusClientException milvus) {
      ErrorCode code = milvus.getErrorCode();
      if (code == ErrorCode.RPC_ERROR || code == ErrorCode.TIMEOUT) {
        return new CacheUnavailableException("Milvus " + operation + " failed: "
            + milvus.getMessage(), failure);
      }
      return new SemanticCacheException("Milvus " + operation + " failed (" + code + "): "
          + milvus.getMessage(), failure);
    }
    if (isGrpcStatusException(failure)) {
      return new CacheUnavailableException("Milvus " + operation + " failed: "
          + failure.getMessage(), failure);
    }
    return new SemanticCacheException("Milvus " + operation + " failed: " + failure, failure);
  }

  /**
   * Where the credentials of {@code config} come from, for messages: the keys, never the values.
   */
  public static String credentialSource(io.semcache.milvus.MilvusConfig config,
      boolean suppliedClient) {
    if (suppliedClient) {
      return "the supplied client's credentials";
    }
    io.semcache.milvus.MilvusConfig.Auth auth = config.connection().auth();
    if (auth instanceof io.semcache.milvus.MilvusConfig.Auth.Password) {
      return "the credentials of connection.auth.username and connection.auth.password";
    }
    return auth instanceof io.semcache.milvus.MilvusConfig.Auth.Token
        ? "the token of connection.auth.token"
        : "no credentials (connection.auth.enabled is false)";
  }

  /**
   * {@code UNAUTHENTICATED} or {@code PERMISSION_DENIED} when {@code failure} (or a cause) is
   * Milvus refusing credentials, else null. Read from the gRPC status in the message (the SDK
   * wraps the status exception, shaded, into its own), and from Milvus' own wording in 2.3, which
   * answers some refused calls with a status of its own ("auth check failure").
   */
  static @org.jspecify.annotations.Nullable String authFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("UNAUTHENTICATED") || message.contains("auth check failure")
          || message.contains("missing authorization")) {
        return "UNAUTHENTICATED";
      }
      if (message.contains("PERMISSION_DENIED") || message.contains("permission deny")) {
        return "PERMISSION_DENIED";
      }
    }
    return null;
  }

  /** A call that did not complete within our own deadline. */
  public static CacheUnavailableException timedOut(String operation, Duration timeout) {
    return new CacheUnavailableException("Milvus " + operation + " did not complete within "
        + timeout.toMillis() + " ms");
  }

  /** A call refused without trying, because the circuit breaker is open. */
  public static CircuitOpenException circuitOpen(String operation) {
    return new CircuitOpenException("Milvus " + operation + " skipped: the circuit breaker"
        + " is open after repeated failures; a probe will close it when Milvus answers again");
  }

  /**
   * gRPC's StatusRuntimeException, which the SDK shades, so it is recognised by name (it escapes
   * from {@code new MilvusClientV2(...)} unwrapped).
   */
  private static boolean isGrpcStatusException(Throwable failure) {
    for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
      if (type.getName().endsWith("grpc.StatusRuntimeException")
          || type.getName().endsWith("grpc.StatusException")) {
        return true;
      }
    }
    return false;
  }
}
