package io.semcache.milvus.internal;

import io.semcache.CacheUnavailableException;

/** A call refused without trying because the circuit breaker is open; writes become DROPPED. */
public final class CircuitOpenException extends CacheUnavailableException {
  public CircuitOpenException(String message) {
    super(message);
  }
}
