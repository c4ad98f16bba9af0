package io.semcache.milvus;

import io.semcache.SemanticCacheException;

/**
 * The TLS handshake with Milvus failed, or one side speaks TLS and the other plaintext. A
 * configuration error, not an outage: thrown by {@code build()} within seconds (in every failure
 * mode), never retried; the message names the likely cause (untrusted certificate, a name the
 * certificate is not issued for, TLS against plaintext, a client certificate required).
 */
public class MilvusTlsException extends SemanticCacheException {

  public MilvusTlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
