package io.semcache.milvus.testing;

import io.milvus.v2.client.MilvusClientV2;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Waits until a freshly started server really answers Milvus gRPC calls. */
final class ServerReadiness {

  private static final Duration PROBE_DEADLINE = Duration.ofSeconds(2);

  private ServerReadiness() {}

  /**
   * Polls until a Milvus client can connect to {@code endpoint} and get the server version.
   *
   * @param alive whether the server process is still running; when it stops, waiting ends at once
   * @param diagnostics text appended to a failure message (e.g. the tail of the server log)
   * @return how long it took
   * @throws IllegalStateException if the process dies or {@code timeout} passes first
   */
  static Duration await(
      MilvusEndpoint endpoint, Duration timeout, BooleanSupplier alive, Supplier<String> diagnostics) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    @Nullable RuntimeException lastFailure = null;
    while (System.nanoTime() < deadline) {
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException(
            "server at " + endpoint + " exited while starting" + diagnostics.get());
      }
      // A cheap TCP check first, so the (logging) SDK client is only built once something listens.
      if (isLoopback(endpoint.host()) && !LoopbackPorts.accepts(endpoint.port(), 200)) {
        sleep(50);
        continue;
      }
      try {
        MilvusClientV2 client = new MilvusClientV2(endpoint.connectConfig(PROBE_DEADLINE).build());
        try {
          client.getServerVersion();
          return Duration.ofNanos(System.nanoTime() - start);
        } finally {
          client.close(1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + endpoint, e);
      } catch (RuntimeException e) {
        lastFailure = e;
        sleep(100);
      }
    }
    IllegalStateException timedOut =
        new IllegalStateException(
            "server at " + endpoint + " did not answer gRPC within " + timeout + diagnostics.get());
    if (lastFailure != null) {
      timedOut.addSuppressed(lastFailure);
    }
    throw timedOut;
  }

  private static boolean isLoopback(String host) {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a test server", e);
    }
  }
}
