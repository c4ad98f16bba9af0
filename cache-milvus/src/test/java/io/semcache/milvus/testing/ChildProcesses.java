package io.semcache.milvus.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Keeps test server processes from outliving the JVM that started them.
 *
 * <p>A shutdown hook kills every registered process. A JVM that dies without running hooks
 * (SIGKILL, a surefire fork timeout) leaves a pid file behind; the next JVM that starts a server in
 * the same work directory kills such orphans when their owning JVM is gone, so stale servers do not
 * pile up across runs.
 */
final class ChildProcesses {

  /** A running server process and the files that go when it is killed at JVM exit. */
  private record Child(ProcessHandle process, Path pidFile, Path dataDir) {}

  private static final Map<ProcessHandle, Child> LIVE = new ConcurrentHashMap<>();
  private static final Set<Path> REAPED_ROOTS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ChildProcesses::killAll, "semcache-test-server-reaper"));
  }

  private ChildProcesses() {}

  /**
   * Registers a started server; if the JVM exits before {@link #unregister}, the process is
   * killed and its pid file and data dir are deleted.
   */
  static void register(Process process, Path pidFile, Path dataDir) {
    registerHandle(process.toHandle(), pidFile, dataDir);
  }

  /** Like {@link #register} for a process this JVM did not start itself (a grandchild). */
  static void registerHandle(ProcessHandle process, Path pidFile, Path dataDir) {
    LIVE.put(process, new Child(process, pidFile, dataDir));
  }

  static void unregister(Process process) {
    unregisterHandle(process.toHandle());
  }

  static void unregisterHandle(ProcessHandle process) {
    LIVE.remove(process);
  }

  private static void killAll() {
    LIVE.keySet().forEach(ProcessHandle::destroyForcibly);
    for (Child child : LIVE.values()) {
      try {
        child.process().onExit().get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // still going: nothing more a shutdown hook can do
      }
      deleteQuietly(child.pidFile());
      deleteRecursively(child.dataDir());
    }
  }

  static void writePidFile(Path pidFile, Process process, Path dataDir) throws IOException {
    writePidFile(pidFile, process.pid(), dataDir);
  }

  static void writePidFile(Path pidFile, long pid, Path dataDir) throws IOException {
    String text =
        "pid=" + pid + "\n"
            + "owner=" + ProcessHandle.current().pid() + "\n"
            + "dataDir=" + dataDir.toAbsolutePath() + "\n";
    Files.writeString(pidFile, text, StandardCharsets.UTF_8);
  }

  /** Kills servers left in {@code workRoot} by JVMs that no longer run; once per root and JVM. */
  static void reapOrphans(Path workRoot) {
    if (!REAPED_ROOTS.add(workRoot.toAbsolutePath().normalize()) || !Files.isDirectory(workRoot)) {
      return;
    }
    try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(workRoot, "*.pid")) {
      for (Path pidFile : pidFiles) {
        reapOne(pidFile);
      }
    } catch (IOException e) {
      // Best effort: a leftover server costs memory, not correctness.
    }
  }

  private static void reapOne(Path pidFile) throws IOException {
    Map<String, String> fields = new HashMap<>();
    for (String line : Files.readAllLines(pidFile, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    long owner = parsePid(fields.get("owner"));
    if (owner > 0 && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
      return; // another JVM (a concurrent build in the same directory) still owns it
    }
    String dataDir = fields.getOrDefault("dataDir", "");
    Optional<ProcessHandle> child = ProcessHandle.of(parsePid(fields.get("pid")));
    boolean ours =
        child
            .flatMap(h -> h.info().commandLine())
            .map(cmd -> !dataDir.isEmpty() && cmd.contains(dataDir))
            .orElse(false);
    if (ours) {
      ProcessHandle handle = child.get();
      handle.destroyForcibly();
      handle.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(timeout -> handle).join();
    }
    if (!dataDir.isEmpty()) {
      Path dir = Path.of(dataDir);
      if (dir.startsWith(pidFile.getParent().toAbsolutePath())) {
        deleteRecursively(dir);
      }
    }
    Files.deleteIfExists(pidFile);
  }

  private static long parsePid(@Nullable String value) {
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(ChildProcesses::deleteQuietly);
    } catch (IOException e) {
      // Leftovers live under target/ and go with `mvn clean`.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // see deleteRecursively
    }
  }
}
