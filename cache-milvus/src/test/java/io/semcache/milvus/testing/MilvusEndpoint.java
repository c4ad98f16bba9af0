package io.semcache.milvus.testing;

import io.milvus.v2.client.ConnectConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a test Milvus server answers: host, gRPC port and, when the server wants one, a token
 * ({@code user:password} or an API key). Tests hand these to the backend's configuration exactly
 * as a user would, so the same test runs against milvus-lite and a Milvus container.
 *
 * @param host host name or address the server is reachable on
 * @param port gRPC port, 1..65535
 * @param token credentials to send, or {@code null} when the server has authentication disabled
 * @param tlsCa the CA certificate (PEM) to trust when the server speaks TLS, or {@code null} for
 *     plaintext; the server's certificate is issued for {@link TestCertificates#SERVER_NAME}
 */
public record MilvusEndpoint(String host, int port, @Nullable String token, @Nullable Path tlsCa) {

  public MilvusEndpoint {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 1..65535, was " + port);
    }
  }

  /** A plaintext endpoint, with credentials when {@code token} is not null. */
  public MilvusEndpoint(String host, int port, @Nullable String token) {
    this(host, port, token, null);
  }

  /** This endpoint with other credentials ({@code null}: none), for authentication tests. */
  public MilvusEndpoint withToken(@Nullable String otherToken) {
    return new MilvusEndpoint(host, port, otherToken, tlsCa);
  }

  /** An endpoint without credentials. */
  public static MilvusEndpoint of(String host, int port) {
    return new MilvusEndpoint(host, port, null);
  }

  /** The URI form the Milvus SDK takes, e.g. {@code http://127.0.0.1:19530}. */
  public String uri() {
    return (tlsCa == null ? "http://" : "https://") + host + ":" + port;
  }

  /**
   * A client configuration for this endpoint with both deadlines set. The SDK's defaults are a
   * 10 s connect timeout and <em>no</em> RPC deadline, and its stubs wait for the channel to become
   * ready, so without {@code rpcDeadlineMs} a call to a dead server blocks forever.
   *
   * @param deadline used as the connect timeout and as the per-RPC deadline
   */
  public ConnectConfig.ConnectConfigBuilder connectConfig(Duration deadline) {
    long millis = deadline.toMillis();
    if (millis <= 0) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
    ConnectConfig.ConnectConfigBuilder builder =
        ConnectConfig.builder().uri(uri()).connectTimeoutMs(millis).rpcDeadlineMs(millis);
    if (token != null) {
      builder.token(token);
    }
    if (tlsCa != null) {
      builder.secure(true).serverPemPath(tlsCa.toString()).serverName(TestCertificates.SERVER_NAME);
    }
    return builder;
  }

  @Override
  public String toString() {
    // Never print the token.
    return uri() + (token == null ? "" : " (with token)") + (tlsCa == null ? "" : " (TLS)");
  }
}
