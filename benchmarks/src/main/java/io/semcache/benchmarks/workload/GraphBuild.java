package io.semcache.benchmarks.workload;

import java.time.Duration;
import java.util.Map;

/** Waiting, from outside, for a memory cache's graph to be searchable. */
public final class GraphBuild {

  /**
   * The name prefix of the thread on which each memory cache builds its graphs
   * (MemoryEntryStore#buildThreadName). Watching it is the only way to see from outside that a
   * graph is ready.
   */
  private static final String GRAPH_BUILD_THREAD = "semcache-memory-index-build-";
  private static final String INDEX_PACKAGE = "io.semcache.memory.index.";
  private static final Duration GRAPH_BUILD_TIMEOUT = Duration.ofHours(1);

  private GraphBuild() {}

  /**
   * Waits until the memory backend's graph-build thread is idle. With {@code exactSearchLimit(0)}
   * the build starts at the second store and then replays the stores made meanwhile; until it
   * swaps the graph in, searches are exact.
   *
   * @throws IllegalStateException if the build thread never appeared (renamed?) or does not finish
   *     within an hour
   */
  public static void await() {
    long deadline = System.nanoTime() + GRAPH_BUILD_TIMEOUT.toNanos();
    while (true) {
      boolean seen = false;
      boolean busy = false;
      for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
        if (thread.getKey().getName().startsWith(GRAPH_BUILD_THREAD)) {
          seen = true;
          for (StackTraceElement frame : thread.getValue()) {
            busy |= frame.getClassName().startsWith(INDEX_PACKAGE);
          }
        }
      }
      if (!seen) {
        throw new IllegalStateException("setup: no thread '" + GRAPH_BUILD_THREAD + "*' after the"
            + " stores, so the benchmark cannot tell when the graph is searchable; has cache-memory"
            + " renamed its build thread?");
      }
      if (!busy) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("setup: the graph build took longer than "
            + GRAPH_BUILD_TIMEOUT);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("setup: interrupted while waiting for the graph", e);
      }
    }
  }
}
