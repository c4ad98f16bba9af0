package io.semcache.benchmarks.workload;

import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per-thread position in a benchmark's fixed inputs: each thread cycles from its own start. */
@State(Scope.Thread)
public class Cursor {

  private int next = ThreadLocalRandom.current().nextInt(1 << 20);

  /** The next index into inputs of {@code length} (a power of two costs a mask, not a division). */
  public int next(int length) {
    int i = next++;
    return (length & (length - 1)) == 0 ? i & (length - 1) : Math.floorMod(i, length);
  }
}
