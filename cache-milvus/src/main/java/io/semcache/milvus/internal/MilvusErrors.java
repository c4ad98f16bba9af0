package io.semcache.milvus.internal;

import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import io.semcache.CacheUnavailableException;
import io.semcache.SemanticCacheException;
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
    if (failure instanceof SemanticCacheException ours) {
      return ours;
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
