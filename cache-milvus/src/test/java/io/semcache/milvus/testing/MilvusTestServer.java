package io.semcache.milvus.testing;

/**
 * A real Milvus-protocol server run for tests. Implementations keep the data and the endpoint
 * across {@link #stop()}/{@link #kill()} and {@link #restart()}, so a test can check that
 * acknowledged writes survive a restart and that a client recovers from an outage.
 */
public interface MilvusTestServer extends AutoCloseable {

  /** Where the server answers; unchanged by {@link #restart()}. */
  MilvusEndpoint endpoint();

  /** A short description for messages, e.g. {@code milvus-lite 3.2.2 at http://127.0.0.1:40123}. */
  String description();

  /** Whether the server process (or container) is running. */
  boolean isRunning();

  /** Stops the server the way an operator would (it may flush and close its storage). */
  void stop();

  /** Kills the server without warning (SIGKILL), as in a crash or an OOM kill. */
  void kill();

  /**
   * Starts the server again on the same data and endpoint, stopping it first if it runs, and
   * returns once it answers gRPC calls.
   *
   * @throws IllegalStateException if it does not answer within the start deadline
   */
  void restart();

  /** Stops the server for good and removes what it stored. */
  @Override
  void close();
}
