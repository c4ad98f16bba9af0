package io.semcache.memory;

import io.semcache.spi.StoredEntry;

/**
 * Estimates the heap bytes one entry retains: its prompt and response text (two bytes a char, the
 * worst case of compact strings), its vector, and a fixed overhead for the entry, its id, its
 * index node and map slots. The estimate errs high so a byte bound is not exceeded.
 */
final class EntryWeigher {

  /** Object headers, fields and map/index slots around one entry, a deliberate over-estimate. */
  static final int FIXED_OVERHEAD_BYTES = 512;

  private EntryWeigher() {}

  static int weigh(StoredEntry entry) {
    long bytes = FIXED_OVERHEAD_BYTES
        + 2L * entry.prompt().length()
        + 2L * entry.response().length()
        + (entry.vector() == null ? 0 : 4L * entry.vector().length);
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
