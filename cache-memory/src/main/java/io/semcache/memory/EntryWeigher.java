package io.semcache.memory;

import io.semcache.spi.StoredEntry;

/**
 * Estimates the heap bytes one entry retains: its prompt and response text (two bytes a char, the
 * worst case of compact strings), its vector (held once, by the index), and a fixed overhead for
 * the entry record, its id, Caffeine's node, the index-key map and the index's own per-vector
 * slots. Measured with {@code io.semcache.memory.HeapPerEntry} (benchmarks module): 100,000
 * entries of 79-character prompts, 37-character responses and 384-float vectors retain 2,707
 * bytes each with the exact scan (2,870 with the graph), of which 955 are neither vector nor
 * text; this estimate gives 2,791 (1.03x; 0.97x of the graph's).
 */
final class EntryWeigher {

  /** Object headers, fields and map/index slots around one entry: 955 measured, rounded up. */
  static final int FIXED_OVERHEAD_BYTES = 1024;

  private EntryWeigher() {}

  static int weigh(StoredEntry entry) {
    long bytes = FIXED_OVERHEAD_BYTES
        + 2L * entry.prompt().length()
        + 2L * entry.response().length()
        + (entry.vector() == null ? 0 : 4L * entry.vector().length);
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
