package io.semcache.milvus.internal;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.RetryConfig;
import io.semcache.milvus.MilvusConfig;
import java.time.Duration;

/**
 * {@link MilvusConfig} to the SDK's {@link ConnectConfig}, in one place, for the three kinds of
 * client the backend creates. All of them carry the same endpoint, database, credentials and TLS
 * material; they differ in deadlines:
 *
 * <ul>
 *   <li>{@link Purpose#DATA}: lookups, stores, deletes, sweeps. Connects within {@code
 *       connection.timeout}; each RPC has the {@code connection.request_timeout} deadline.
 *   <li>{@link Purpose#SETUP}: the start-up calls (describe, create, load), which may take
 *       seconds on a busy cluster. Connect timeout and RPC deadline are both {@code
 *       connection.timeout}. Closed once the collection is ready.
 *   <li>{@link Purpose#PROBE}: the circuit breaker's fresh client. Must connect and answer within
 *       {@code connection.request_timeout}: a Milvus that cannot is not ready to serve lookups.
 * </ul>
 *
 * <p>The SDK's own retry is switched off ({@link #sdkRetry()}): it retries UNAVAILABLE up to 75
 * times, each attempt with a full new deadline, which would hold a lookup far beyond its timeout.
 * The backend retries writes itself ({@code connection.retry}) and never retries lookups.
 */
public final class ConnectConfigs {

  /** What a client is for; decides its deadlines. */
  public enum Purpose { DATA, SETUP, PROBE }

  private ConnectConfigs() {}

  public static ConnectConfig of(MilvusConfig config, Purpose purpose) {
    Duration connectTimeout = purpose == Purpose.PROBE
        ? config.connection().requestTimeout() : config.connection().connectTimeout();
    Duration rpcDeadline = purpose == Purpose.DATA || purpose == Purpose.PROBE
        ? config.connection().requestTimeout() : config.connection().connectTimeout();
    ConnectConfig.ConnectConfigBuilder builder = ConnectConfig.builder()
        .uri((config.connection().tls().enabled() ? "https://" : "http://") + uriHost(config.connection().host()) + ":"
            + config.connection().port())
        .secure(config.connection().tls().enabled())
        .connectTimeoutMs(Math.max(1, connectTimeout.toMillis()))
        .rpcDeadlineMs(Math.max(1, rpcDeadline.toMillis()));
    if (!config.connection().database().equals(MilvusConfig.DEFAULT_DATABASE)) {
      // Only then: the SDK then checks at connect time that the database exists (ListDatabases),
      // which a user without that privilege could not do for the default database.
      builder.dbName(config.connection().database());
    }
    if (config.connection().auth() instanceof MilvusConfig.Auth.Token token) {
      builder.token(token.token());
    } else if (config.connection().auth() instanceof MilvusConfig.Auth.Password password) {
      builder.username(password.username()).password(password.password());
    }
    if (config.connection().tls().enabled()) {
      // The SDK picks its TLS mode from which paths are set: client certificate + key + CA is
      // mutual TLS; a "server PEM" alone is one-way TLS trusting that certificate (a CA works);
      // neither is TLS trusting the JVM's default authorities.
      if (config.connection().tls().clientCertPath().isPresent() && config.connection().tls().clientKeyPath().isPresent()) {
        builder.clientPemPath(config.connection().tls().clientCertPath().get().toString())
            .clientKeyPath(config.connection().tls().clientKeyPath().get().toString())
            .caPemPath(config.connection().tls().caCertPath().orElseThrow().toString());
      } else {
        config.connection().tls().caCertPath().ifPresent(ca -> builder.serverPemPath(ca.toString()));
      }
      // The SDK overrides the authority with this name unconditionally in one-way TLS.
      builder.serverName(config.connection().tls().serverName().orElse(config.connection().host()));
    }
    return builder.build();
  }

  /** One attempt per SDK call; see the class comment. */
  public static RetryConfig sdkRetry() {
    return RetryConfig.builder().maxRetryTimes(1).build();
  }

  /** IPv6 literals need brackets in a URI. */
  private static String uriHost(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
