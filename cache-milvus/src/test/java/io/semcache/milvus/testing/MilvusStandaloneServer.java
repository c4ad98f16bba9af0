package io.semcache.milvus.testing;

import io.milvus.grpc.LoadState;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs the real Milvus standalone server (the PyPI package {@code milvus}, "embedded Milvus",
 * installed by {@code scripts/install-milvus-server.sh}): the Go server with knowhere/segcore,
 * embedded etcd and local storage. Unlike milvus-lite it applies HNSW parameters, consistency
 * levels, authentication, TLS and collection TTL, keeps data across {@code kill -9} and reloads
 * collections by itself after a restart.
 *
 * <p>{@code milvus-server --data DIR --proxy-port P --etcd-port E ...} is a Python wrapper that
 * unpacks the binaries into {@code DIR/bin}, writes {@code DIR/configs/milvus.yaml} and spawns
 * {@code DIR/bin/milvus run standalone}. That child outlives the wrapper, so this class finds it
 * among the wrapper's descendants, records its pid (for {@link ChildProcesses}' orphan reaping,
 * which matches it by {@code DIR} in its command line) and kills it itself. SIGTERM makes Milvus
 * stop gracefully, which by default may take {@code common.gracefulStopTimeout} = 1800 s; the
 * server is started with that set to {@value #GRACEFUL_STOP_SECONDS} s, and {@link #stop()} kills
 * what is left after that.
 *
 * <p>Only one may run per machine at a time: the embedded etcd's peer port (2380) cannot be
 * configured through the wrapper. {@link MilvusServers} therefore never runs two at once.
 *
 * <p>Executable: system property {@value #EXECUTABLE_PROPERTY}, else the environment variable
 * {@value #EXECUTABLE_ENV}, else {@code ${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}/
 * venv-milvus-server/bin/milvus-server}. Logs: {@code DIR/logs/} and {@code <work
 * dir>/milvus-standalone-<port>.log} (the wrapper's output).
 */
public final class MilvusStandaloneServer implements MilvusTestServer {

  public static final String EXECUTABLE_PROPERTY = "semcache.milvus.server";
  public static final String EXECUTABLE_ENV = "SEMCACHE_MILVUS_SERVER";
  public static final String INSTALL_HINT =
      "run scripts/install-milvus-server.sh (it installs the real Milvus 2.3.5 standalone server"
          + " into ${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}/venv-milvus-server and prints the"
          + " executable's path), or point -D" + EXECUTABLE_PROPERTY + " / " + EXECUTABLE_ENV
          + " at an existing milvus-server executable";
  /** The user Milvus creates when authorization is enabled, with its default password. */
  public static final String ROOT_TOKEN = "root:Milvus";

  static final int GRACEFUL_STOP_SECONDS = 5;
  private static final String HOST = "127.0.0.1";
  private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration RESTART_ATTEMPT_TIMEOUT = Duration.ofSeconds(60);

  /** How the server is started: plaintext without authentication, or secured. */
  public record Options(boolean authorization, @Nullable TestCertificates tls) {
    public static final Options PLAIN = new Options(false, null);

    /** Authorization enabled (user {@code root}, password {@code Milvus}) and one-way TLS. */
    public static Options secured(TestCertificates certificates) {
      return new Options(true, certificates);
    }
  }

  private final Path executable;
  private final Path workDir;
  private final Path dataDir;
  private final Options options;
  private final Duration startTimeout;
  private final int port;
  private final int etcdPort;
  private volatile @Nullable Process wrapper;
  private volatile @Nullable ProcessHandle server;
  private int starts;
  private Duration lastStartDuration = Duration.ZERO;
  private List<String> loadedBeforeStop = List.of();
  private boolean closed;

  private MilvusStandaloneServer(Path executable, Path workDir, Path dataDir, Options options) {
    this.executable = executable;
    this.workDir = workDir;
    this.dataDir = dataDir;
    this.options = options;
    this.startTimeout = Duration.ofSeconds(
        Long.getLong(MilvusLiteServer.START_TIMEOUT_PROPERTY, DEFAULT_START_TIMEOUT.toSeconds()));
    this.port = LoopbackPorts.pickFree();
    this.etcdPort = LoopbackPorts.pickFree();
  }

  /** Where the executable is expected (it may not exist). */
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
    Path cache = cacheDir != null && !cacheDir.isBlank()
        ? Path.of(cacheDir)
        : Path.of(System.getProperty("user.home"), ".cache", "semcache");
    return cache.resolve("venv-milvus-server").resolve("bin").resolve("milvus-server");
  }

  /** The executable, if {@link #expectedExecutable()} exists and is executable. */
  public static Optional<Path> locateExecutable() {
    Path candidate = expectedExecutable();
    return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
        ? Optional.of(candidate) : Optional.empty();
  }

  /**
   * Starts a server with the located executable in the configured work dir.
   *
   * @throws IllegalStateException if it is not installed or does not answer in time
   */
  public static MilvusStandaloneServer start(Options options) {
    Path exe = locateExecutable().orElseThrow(() -> new IllegalStateException(
        "Milvus standalone not found at " + expectedExecutable() + "; " + INSTALL_HINT));
    Path workDir = MilvusLiteServer.defaultWorkDir();
    try {
      Files.createDirectories(workDir);
      ChildProcesses.reapOrphans(workDir);
      Path dataDir = Files.createTempDirectory(workDir, "standalone-data-");
      MilvusStandaloneServer started = new MilvusStandaloneServer(exe, workDir, dataDir, options);
      started.launchAndAwait();
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare " + workDir + " for Milvus standalone", e);
    }
  }

  @Override
  public MilvusEndpoint endpoint() {
    TestCertificates tls = options.tls();
    return new MilvusEndpoint(HOST, port, options.authorization() ? ROOT_TOKEN : null,
        tls == null ? null : tls.caPem());
  }

  /** The options the server runs with. */
  public Options options() {
    return options;
  }

  @Override
  public String description() {
    return "Milvus standalone 2.3.5 at " + endpoint() + " (data " + dataDir + ")";
  }

  /** The data directory; its {@code logs/} holds Milvus' own logs. */
  public Path dataDir() {
    return dataDir;
  }

  /** The wrapper's output file. */
  public Path logFile() {
    return workDir.resolve("milvus-standalone-" + port + ".log");
  }

  /** How long the latest start took, from launching to the first answered RPC. */
  public Duration lastStartDuration() {
    return lastStartDuration;
  }

  /** The pid of the Milvus process itself (not the wrapper's). */
  public long pid() {
    ProcessHandle current = server;
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException("Milvus standalone is not running: " + description());
    }
    return current.pid();
  }

  @Override
  public boolean isRunning() {
    ProcessHandle current = server;
    return current != null && current.isAlive();
  }

  /**
   * Stops the server as an operator would: SIGTERM, which Milvus answers with a graceful stop
   * (bounded to {@value #GRACEFUL_STOP_SECONDS} s by its configuration), then SIGKILL for
   * whatever is left.
   */
  @Override
  public synchronized void stop() {
    loadedBeforeStop = loadedCollections();
    ProcessHandle current = server;
    if (current != null && current.isAlive()) {
      current.destroy();
      try {
        current.onExit().get(GRACEFUL_STOP_SECONDS + 5L, TimeUnit.SECONDS);
      } catch (Exception e) {
        // still running after its graceful stop: killed below
      }
    }
    killProcesses();
  }

  /** SIGKILL, as in a crash or an OOM kill. */
  @Override
  public synchronized void kill() {
    loadedBeforeStop = loadedCollections();
    killProcesses();
  }

  /**
   * Starts again on the same data, ports and options, and returns once it answers gRPC calls
   * and the collections that were loaded before it stopped are loaded again (Milvus reloads them
   * by itself; this waits for it, so that tests do not race the reload).
   */
  @Override
  public synchronized void restart() {
    ensureOpen();
    if (isRunning()) {
      stop();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!LoopbackPorts.isFree(port) && System.nanoTime() < deadline) {
      sleep(100);
    }
    long started = System.nanoTime();
    try {
      launchAndAwait(RESTART_ATTEMPT_TIMEOUT);
    } catch (IllegalStateException notAnswering) {
      // Seen twice in ~10 restarts right after a SIGTERM stop under load: the new process never
      // answered. A second launch on the same data has always answered.
      System.out.printf("Milvus standalone did not answer within %s of a restart; killing it"
          + " and starting it again (%s)%n", RESTART_ATTEMPT_TIMEOUT,
          notAnswering.getMessage().lines().findFirst().orElse(""));
      killProcesses();
      launchAndAwait(startTimeout);
    }
    long answering = System.nanoTime();
    awaitLoaded(loadedBeforeStop);
    System.out.printf("Milvus standalone restart: answering after %d ms, %d collection(s)"
        + " loaded again after %d ms%n", TimeUnit.NANOSECONDS.toMillis(answering - started),
        loadedBeforeStop.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    killProcesses();
    ChildProcesses.deleteRecursively(dataDir);
  }

  private void launchAndAwait() {
    launchAndAwait(startTimeout);
  }

  private void launchAndAwait(Duration timeout) {
    if (!LoopbackPorts.isFree(port)) {
      throw new IllegalStateException("port " + port + " is in use before Milvus started");
    }
    List<String> command = new ArrayList<>(List.of(executable.toString(),
        "--data", dataDir.toAbsolutePath().toString(),
        "--proxy-port", Integer.toString(port),
        "--etcd-port", Integer.toString(etcdPort),
        "--extra-config", "common.gracefulStopTimeout=" + GRACEFUL_STOP_SECONDS));
    if (options.authorization()) {
      command.addAll(List.of("--authorization-enabled", "true"));
    }
    TestCertificates tls = options.tls();
    if (tls != null) {
      List<Path> serverFiles = tls.serverPemFiles();
      command.addAll(List.of("--tls-mode", "1",
          "--server-pem-path", serverFiles.get(0).toAbsolutePath().toString(),
          "--server-key-path", serverFiles.get(1).toAbsolutePath().toString(),
          "--ca-pem-path", tls.caPem().toAbsolutePath().toString()));
    }
    Path log = logFile();
    Process started;
    long launchedAt = System.nanoTime();
    try {
      Files.writeString(log, String.format(Locale.ROOT, "=== start #%d at %s: %s%n", ++starts,
          Instant.now(), command), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put("PYTHONUNBUFFERED", "1");
      started = builder.start();
      started.getOutputStream().close();
      ChildProcesses.register(started, pidFile(), dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not launch " + command, e);
    }
    wrapper = started;
    ProcessHandle child = awaitChild(started);
    server = child;
    try {
      ChildProcesses.registerHandle(child, pidFile(), dataDir);
      ChildProcesses.writePidFile(pidFile(), child.pid(), dataDir);
    } catch (IOException e) {
      killProcesses();
      throw new UncheckedIOException("could not write " + pidFile(), e);
    }
    try {
      ServerReadiness.await(endpoint(), timeout, this::isRunning, this::logTail);
      awaitCoordinators();
      lastStartDuration = Duration.ofNanos(System.nanoTime() - launchedAt);
    } catch (RuntimeException e) {
      killProcesses();
      throw e;
    }
  }

  /** The wrapper unpacks the binaries first (a few seconds on a fresh data dir), then spawns. */
  private ProcessHandle awaitChild(Process started) {
    String marker = dataDir.toAbsolutePath().resolve("bin").resolve("milvus").toString();
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> child = started.descendants()
          .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
          .findFirst();
      if (child.isPresent()) {
        return child.get();
      }
      if (!started.isAlive()) {
        throw new IllegalStateException("milvus-server exited before starting Milvus"
            + logTail());
      }
      sleep(100);
    }
    started.destroyForcibly();
    throw new IllegalStateException("milvus-server did not start Milvus within " + startTimeout
        + logTail());
  }

  /** The proxy answers before root coordination is ready; wait until collections can be listed. */
  private void awaitCoordinators() {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline && isRunning()) {
      MilvusClientV2 client = null;
      try {
        client = new MilvusClientV2(endpoint().connectConfig(Duration.ofSeconds(5)).build());
        client.listCollections();
        return;
      } catch (RuntimeException e) {
        last = e;
        sleep(200);
      } finally {
        closeQuietly(client);
      }
    }
    IllegalStateException failed = new IllegalStateException("Milvus at " + endpoint()
        + " answered but could not list collections within " + startTimeout + logTail());
    if (last != null) {
      failed.addSuppressed(last);
    }
    throw failed;
  }

  private List<String> loadedCollections() {
    if (!isRunning()) {
      return List.of();
    }
    List<String> loaded = new ArrayList<>();
    MilvusClientV2 client = null;
    try {
      client = new MilvusClientV2(endpoint().connectConfig(Duration.ofSeconds(3)).build());
      for (String name : client.listCollections().getCollectionNames()) {
        LoadState state = client.getLoadStateV2(
            GetLoadStateReq.builder().collectionName(name).build()).getState();
        if (state == LoadState.LoadStateLoaded || state == LoadState.LoadStateLoading) {
          loaded.add(name);
        }
      }
    } catch (RuntimeException e) {
      // a hung server: nothing to wait for after the restart
    } finally {
      closeQuietly(client);
    }
    return loaded;
  }

  private void awaitLoaded(List<String> collections) {
    if (collections.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + startTimeout.toNanos();
    MilvusClientV2 client = new MilvusClientV2(endpoint().connectConfig(Duration.ofSeconds(5))
        .build());
    try {
      for (String name : collections) {
        while (true) {
          try {
            if (Boolean.TRUE.equals(client.getLoadState(
                GetLoadStateReq.builder().collectionName(name).build()))) {
              break;
            }
          } catch (RuntimeException e) {
            // not ready yet
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Milvus did not reload collection '" + name
                + "' within " + startTimeout + " of its restart" + logTail());
          }
          sleep(200);
        }
      }
    } finally {
      closeQuietly(client);
    }
  }

  private void killProcesses() {
    ProcessHandle current = server;
    Process launcher = wrapper;
    if (current != null) {
      current.destroyForcibly();
      try {
        current.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by isRunning()
      }
      ChildProcesses.unregisterHandle(current);
    }
    if (launcher != null) {
      launcher.destroyForcibly();
      try {
        launcher.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ChildProcesses.unregister(launcher);
    }
    server = null;
    wrapper = null;
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      // reaped by the next run
    }
  }

  private Path pidFile() {
    return workDir.resolve("milvus-standalone-" + port + ".pid");
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Milvus standalone was closed: " + description());
    }
  }

  /** The wrapper's output and the last lines of Milvus' own stdout log, for failure messages. */
  String logTail() {
    return tail(logFile()) + tail(dataDir.resolve("logs").resolve("milvus-stdout.log"));
  }

  private static String tail(Path log) {
    if (!Files.isReadable(log)) {
      return "";
    }
    Deque<String> lines = new ArrayDeque<>();
    try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
      all.forEach(line -> {
        lines.addLast(line.length() > 400 ? line.substring(0, 400) + "..." : line);
        if (lines.size() > 15) {
          lines.removeFirst();
        }
      });
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
    return "\n--- last lines of " + log + " ---\n" + String.join("\n", lines);
  }

  private static void closeQuietly(@Nullable MilvusClientV2 client) {
    if (client == null) {
      return;
    }
    try {
      client.close(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // closing a client of a dead server
    }
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
}
