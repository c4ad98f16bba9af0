package io.semcache.milvus.testing;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Hands out test servers and decides what happens when one cannot be had.
 *
 * <ul>
 *   <li>milvus-lite missing: the test is skipped (an aborted assumption) with the install hint;
 *       but when the environment variable {@code CI} is {@code true} it fails instead, so CI never
 *       passes by testing nothing.
 *   <li>No Docker engine for the container flavor: always skipped; no machine of this project is
 *       required to have one.
 *   <li>A server that is there but does not start: an error, never a skip.
 * </ul>
 */
public final class MilvusServers {

  private static final Map<MilvusFlavor, MilvusTestServer> SHARED = new EnumMap<>(MilvusFlavor.class);
  private static final Map<MilvusFlavor, RuntimeException> SHARED_FAILURES =
      new EnumMap<>(MilvusFlavor.class);

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(MilvusServers::closeShared, "semcache-shared-milvus-closer"));
  }

  private MilvusServers() {}

  /** Whether this run is on CI ({@code CI=true}), where missing tooling is a failure. */
  public static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Skips (or on CI fails) the calling test unless a server of {@code flavor} can be started.
   *
   * @throws IllegalStateException on CI when milvus-lite is not installed
   */
  public static void requireAvailable(MilvusFlavor flavor) {
    switch (flavor) {
      case LITE -> {
        if (MilvusLiteServer.locateExecutable().isEmpty()) {
          String message =
              "milvus-lite not found at "
                  + MilvusLiteServer.expectedExecutable()
                  + "; "
                  + MilvusLiteServer.INSTALL_HINT;
          if (onCi()) {
            throw new IllegalStateException("CI=true and " + message);
          }
          Assumptions.abort(message);
        }
      }
      case STANDALONE, STANDALONE_SECURED -> {
        if (MilvusStandaloneServer.locateExecutable().isEmpty()) {
          String message = "Milvus standalone not found at "
              + MilvusStandaloneServer.expectedExecutable() + "; "
              + MilvusStandaloneServer.INSTALL_HINT;
          if (onCi()) {
            throw new IllegalStateException("CI=true and " + message);
          }
          Assumptions.abort(message);
        }
      }
      case CONTAINER -> {
        if (!MilvusContainerServer.dockerAvailable()) {
          Assumptions.abort(
              "no Docker engine reachable for Testcontainers; Milvus container tests skipped");
        }
      }
    }
  }

  /**
   * The JVM-wide server of {@code flavor}, started on first use and closed when the JVM exits.
   * Its {@code stop}, {@code kill} and {@code restart} throw: other classes use it too.
   */
  public static synchronized MilvusTestServer shared(MilvusFlavor flavor) {
    requireAvailable(flavor);
    RuntimeException earlier = SHARED_FAILURES.get(flavor);
    if (earlier != null) {
      // Do not pay the start timeout again in every class.
      throw new IllegalStateException("the shared " + flavor + " server failed to start", earlier);
    }
    MilvusTestServer server = SHARED.get(flavor);
    if (server == null) {
      try {
        server = new SharedServerView(start(flavor));
      } catch (RuntimeException e) {
        SHARED_FAILURES.put(flavor, e);
        throw e;
      }
      SHARED.put(flavor, server);
    }
    return server;
  }

  /** A new server of {@code flavor} for the caller alone; the caller closes it. */
  public static MilvusTestServer startDedicated(MilvusFlavor flavor) {
    requireAvailable(flavor);
    return start(flavor);
  }

  private static synchronized MilvusTestServer start(MilvusFlavor flavor) {
    if (flavor.standalone()) {
      evictSharedStandalone();
    }
    return switch (flavor) {
      case LITE -> MilvusLiteServer.start();
      case STANDALONE -> MilvusStandaloneServer.start(MilvusStandaloneServer.Options.PLAIN);
      case STANDALONE_SECURED -> MilvusStandaloneServer.start(MilvusStandaloneServer.Options
          .secured(TestCertificates.createIn(MilvusLiteServer.defaultWorkDir().resolve("tls"))));
      case CONTAINER -> MilvusContainerServer.start();
    };
  }

  /**
   * Closes the shared standalone servers before another one starts: the embedded etcd's peer
   * port is fixed, so two cannot run at once. Test classes run one after another, so the class
   * that used the shared one is done; the next class that asks for it gets a new one.
   */
  private static void evictSharedStandalone() {
    for (MilvusFlavor other : List.of(MilvusFlavor.STANDALONE, MilvusFlavor.STANDALONE_SECURED)) {
      MilvusTestServer shared = SHARED.remove(other);
      if (shared != null) {
        ((SharedServerView) shared).delegate.close();
      }
    }
  }

  /**
   * Closes a shared container at JVM exit (Testcontainers' reaper would too, unless disabled). A
   * shared milvus-lite needs nothing here: {@link ChildProcesses} kills it and removes its data.
   */
  private static synchronized void closeShared() {
    MilvusTestServer view = SHARED.get(MilvusFlavor.CONTAINER);
    if (view != null) {
      try {
        ((SharedServerView) view).delegate.close();
      } catch (RuntimeException e) {
        // the JVM is exiting
      }
    }
  }

  /** The shared server as tests see it: usable, but its life cycle is not theirs to change. */
  private static final class SharedServerView implements MilvusTestServer {
    private final MilvusTestServer delegate;

    SharedServerView(MilvusTestServer delegate) {
      this.delegate = delegate;
    }

    @Override
    public MilvusEndpoint endpoint() {
      return delegate.endpoint();
    }

    @Override
    public String description() {
      return "shared " + delegate.description();
    }

    @Override
    public boolean isRunning() {
      return delegate.isRunning();
    }

    @Override
    public void stop() {
      throw refused("stop");
    }

    @Override
    public void kill() {
      throw refused("kill");
    }

    @Override
    public void restart() {
      throw refused("restart");
    }

    /** A no-op: the shared server is closed when the JVM exits. */
    @Override
    public void close() {}

    private UnsupportedOperationException refused(String operation) {
      return new UnsupportedOperationException(
          "cannot " + operation + " the JVM-wide shared server, other test classes use it; "
              + "annotate the class with @WithMilvus(dedicated = true) for a server of its own");
    }

    @Override
    public String toString() {
      return description();
    }
  }
}
