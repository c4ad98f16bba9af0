package io.semcache.milvus;

import io.semcache.milvus.testing.MilvusEndpoint;
import java.util.UUID;

/** Configurations for the test servers: the endpoint as a user would write it, a fresh collection. */
public final class MilvusTestConfigs {

  private MilvusTestConfigs() {}

  /** A builder pointing at {@code endpoint} (with its token, if any) and a new collection name. */
  public static MilvusConfig.Builder forEndpoint(MilvusEndpoint endpoint) {
    return forEndpoint(endpoint, uniqueCollection("semcache"));
  }

  public static MilvusConfig.Builder forEndpoint(MilvusEndpoint endpoint, String collection) {
    MilvusConfig.Builder builder = MilvusConfig.builder()
        .host(endpoint.host())
        .port(endpoint.port())
        .collectionName(collection);
    if (endpoint.token() != null) {
      builder.token(endpoint.token());
    }
    if (endpoint.tlsCa() != null) {
      builder.caCertPath(endpoint.tlsCa())
          .serverName(io.semcache.milvus.testing.TestCertificates.SERVER_NAME);
    }
    return builder;
  }

  public static String uniqueCollection(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
