package io.semcache.milvus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code milvus-lite server --data-dir <dir> --host 127.0.0.1 --port <free port>} as a child
 * process: a real Milvus gRPC server, in Python, installed by {@code
 * scripts/install-milvus-lite.sh}.
 *
 * <p>The executable is found through the system property {@value #EXECUTABLE_PROPERTY}, else the
 * environment variable {@value #EXECUTABLE_ENV}, else the install script's default {@code
 * ${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}/venv-milvus/bin/milvus-lite}. The server's output
 * goes to {@code <work dir>/milvus-lite-<port>.log} (appended across restarts); the work dir is the
 * system property {@value #WORK_DIR_PROPERTY}, which the module's surefire configuration points
 * into {@code target/}. A shutdown hook kills the process if the test forgets to.
 *
 * <p>The life-cycle methods are synchronized, so an outage drill may kill and restart the server
 * from one thread while others use it.
 */
public final class MilvusLiteServer implements MilvusTestServer {

  public static final String EXECUTABLE_PROPERTY = "semcache.milvus.lite";
  public static final String EXECUTABLE_ENV = "SEMCACHE_MILVUS_LITE";
  public static final String WORK_DIR_PROPERTY = "semcache.test.workDir";
  public static final String START_TIMEOUT_PROPERTY = "semcache.milvus.startTimeoutSeconds";
  public static final String INSTALL_HINT =
      "run scripts/install-milvus-lite.sh (it installs milvus-lite into "
          + "${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}/venv-milvus and prints the executable's "
          + "path), or point -D" + EXECUTABLE_PROPERTY + " / " + EXECUTABLE_ENV + " at an existing "
          + "milvus-lite executable";

  private static final String HOST = "127.0.0.1";
  private static final int PORT_ATTEMPTS = 3;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Path executable;
  private final Path workDir;
  private final Path dataDir;
  private final Duration startTimeout;
  private int port;
  private volatile @Nullable Process process;
  private int starts;
  private Duration lastStartDuration = Duration.ZERO;
  private List<LoadStates.Loaded> loadedBeforeStop = List.of();
  private boolean closed;

  private MilvusLiteServer(Path executable, Path workDir, Path dataDir, Duration startTimeout) {
    this.executable = executable;
    this.workDir = workDir;
    this.dataDir = dataDir;
    this.startTimeout = startTimeout;
  }

  /**
   * Where the milvus-lite executable is expected: the system property, the environment variable,
   * or the install script's default venv, in that order. The path may not exist.
   */
  public static Path expectedExecutable() {
    String fromProperty = System.getProperty(EXECUTABLE_PROPERTY);
    if (fromProperty != null && !fromProperty.isBlank()) {
      return Path.of(fromProperty.trim());
    }
    String fromEnv = System.getenv(EXECUTABLE_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv.trim());
    }
    String cacheDir = System.getenv("SEMCACHE_CACHE_DIR");
    Path cache =
        cacheDir != null && !cacheDir.isBlank()
            ? Path.of(cacheDir)
            : Path.of(System.getProperty("user.home"), ".cache", "semcache");
    return cache.resolve("venv-milvus").resolve("bin").resolve("milvus-lite");
  }

  /** The milvus-lite executable, if {@link #expectedExecutable()} exists and is executable. */
  public static Optional<Path> locateExecutable() {
    Path candidate = expectedExecutable();
    return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
        ? Optional.of(candidate)
        : Optional.empty();
  }

  /**
   * Starts a server with the located executable, in the configured work dir.
   *
   * @throws IllegalStateException if no executable is found (the message says how to install
   *     one), or the server does not answer within the start timeout
   */
  public static MilvusLiteServer start() {
    Path exe =
        locateExecutable()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "milvus-lite not found at " + expectedExecutable() + "; " + INSTALL_HINT));
    return start(exe, defaultWorkDir());
  }

  /**
   * Starts a server with {@code executable}, keeping its data and log under {@code workDir}.
   *
   * @throws IllegalStateException if the server does not answer within the start timeout
   */
  public static MilvusLiteServer start(Path executable, Path workDir) {
    try {
      Files.createDirectories(workDir);
      ChildProcesses.reapOrphans(workDir);
      Path dataDir = Files.createTempDirectory(workDir, "lite-data-");
      MilvusLiteServer server =
          new MilvusLiteServer(executable, workDir, dataDir, startTimeout());
      server.startOnFreshPort();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare " + workDir + " for milvus-lite", e);
    }
  }

  static Path defaultWorkDir() {
    String configured = System.getProperty(WORK_DIR_PROPERTY);
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of("target", "milvus-test");
  }

  private static Duration startTimeout() {
    return Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 60));
  }

  @Override
  public MilvusEndpoint endpoint() {
    return MilvusEndpoint.of(HOST, port);
  }

  @Override
  public String description() {
    return "milvus-lite at " + endpoint().uri() + " (data " + dataDir + ", log " + logFile() + ")";
  }

  /** The server's data directory, kept across stop/kill/restart and deleted by {@link #close()}. */
  public Path dataDir() {
    return dataDir;
  }

  /** The file the server's stdout and stderr go to. */
  public Path logFile() {
    return workDir.resolve("milvus-lite-" + port + ".log");
  }

  /** The OS process id of the running server. */
  public long pid() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException("milvus-lite is not running: " + description());
    }
    return current.pid();
  }

  /** How long the latest start took, from launching the process to the first answered RPC. */
  public Duration lastStartDuration() {
    return lastStartDuration;
  }

  @Override
  public boolean isRunning() {
    Process current = process;
    return current != null && current.isAlive();
  }

  /**
   * Stops the server with SIGINT, which milvus-lite handles by draining requests and closing its
   * storage; falls back to SIGTERM and then SIGKILL if it does not exit in time. Which collections
   * were loaded is noted first, for {@link #restart()}.
   */
  @Override
  public synchronized void stop() {
    Process current = process;
    if (current != null && current.isAlive()) {
      loadedBeforeStop = LoadStates.capture(endpoint());
    }
    stopProcess();
  }

  private void stopProcess() {
    Process current = process;
    if (current == null) {
      return;
    }
    try {
      if (current.isAlive()) {
        sendInterrupt(current);
        if (!current.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          current.destroy();
          if (!current.waitFor(5, TimeUnit.SECONDS)) {
            current.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      current.destroyForcibly();
    } finally {
      forget(current);
    }
  }

  /**
   * Kills the server with SIGKILL. Which collections were loaded is noted first (a few RPCs while
   * it still runs), so that {@link #restart()} can load them again; see {@link #restart()}.
   */
  @Override
  public synchronized void kill() {
    Process current = process;
    if (current != null && current.isAlive()) {
      loadedBeforeStop = LoadStates.capture(endpoint());
    }
    killProcess();
  }

  private void killProcess() {
    Process current = process;
    if (current == null) {
      return;
    }
    try {
      current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      forget(current);
    }
  }

  /**
   * Starts the server again on the same data dir and port, stopping it first if it runs, then
   * loads the collections that were loaded before it stopped. Milvus does that by itself after a
   * restart; milvus-lite 3.2 does not, and leaves every collection released (see
   * MILVUS_LITE_NOTES.md), so without this the tests would see a difference production never has.
   */
  @Override
  public synchronized void restart() {
    ensureOpen();
    stop();
    // After SIGKILL the kernel frees the listening socket at once; wait briefly in case another
    // process grabbed the port meanwhile, then give up with a clear message.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!LoopbackPorts.isFree(port)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "cannot restart milvus-lite: port " + port + " is taken by another process");
      }
      sleep(50);
    }
    launchAndAwait();
    LoadStates.restore(endpoint(), loadedBeforeStop);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopProcess();
    ChildProcesses.deleteRecursively(dataDir);
  }

  private void startOnFreshPort() {
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      port = LoopbackPorts.pickFree();
      try {
        launchAndAwait();
        return;
      } catch (PortClashException e) {
        // another process took the port between our check and the server's bind; try another
        failure = e;
      }
    }
    throw new IllegalStateException(
        "milvus-lite could not get a port of its own in " + PORT_ATTEMPTS + " attempts", failure);
  }

  private void launchAndAwait() {
    if (!LoopbackPorts.isFree(port)) {
      throw new PortClashException("port " + port + " is in use before milvus-lite started");
    }
    Path log = logFile();
    List<String> command =
        List.of(
            executable.toString(),
            "server",
            "--data-dir",
            dataDir.toAbsolutePath().toString(),
            "--host",
            HOST,
            "--port",
            Integer.toString(port));
    Process started;
    try {
      Files.writeString(
          log,
          String.format(
              Locale.ROOT, "=== start #%d at %s: %s%n", ++starts, Instant.now(), command),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put("PYTHONUNBUFFERED", "1");
      started = builder.start();
      started.getOutputStream().close();
      ChildProcesses.register(started, pidFile(), dataDir);
      ChildProcesses.writePidFile(pidFile(), started, dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not launch " + command, e);
    }
    process = started;
    try {
      lastStartDuration =
          ServerReadiness.await(endpoint(), startTimeout, started::isAlive, this::logTail);
    } catch (IllegalStateException e) {
      killProcess();
      if (logTail().contains("Failed to bind") || logTail().contains("Address already in use")) {
        throw new PortClashException(e.getMessage());
      }
      throw e;
    }
    int listeners = LoopbackPorts.listenerCount(port);
    if (listeners > 1) {
      // Two SO_REUSEPORT servers would each answer part of the connections: never test on that.
      killProcess();
      throw new PortClashException(
          listeners + " sockets listen on port " + port + "; another server shares it");
    }
  }

  private void forget(Process current) {
    ChildProcesses.unregister(current);
    if (process == current) {
      process = null;
    }
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      // a stale pid file is reaped by the next run
    }
  }

  private Path pidFile() {
    return workDir.resolve("milvus-lite-" + port + ".pid");
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("milvus-lite server was closed: " + description());
    }
  }

  private static void sendInterrupt(Process target) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(target.pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0) {
        return;
      }
    } catch (IOException e) {
      // no kill(1) on this machine: fall back to SIGTERM below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    target.destroy();
  }

  /** The last lines of the server log, for failure messages. */
  String logTail() {
    Path log = logFile();
    if (!Files.isReadable(log)) {
      return "";
    }
    Deque<String> tail = new ArrayDeque<>();
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      lines.forEach(
          line -> {
            tail.addLast(line);
            if (tail.size() > 30) {
              tail.removeFirst();
            }
          });
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
    return "\n--- last lines of " + log + " ---\n" + String.join("\n", tail);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return description();
  }

  /** The chosen port turned out to be taken; the caller may retry with another. */
  private static final class PortClashException extends IllegalStateException {
    PortClashException(String message) {
      super(message);
    }
  }
}
