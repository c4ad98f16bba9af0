package io.semcache.memory;

import io.semcache.memory.index.VectorIndexes;
import io.semcache.spi.StoredEntry;

/**
 * Estimates the heap bytes one entry retains: its prompt and response text (two bytes a char, the
 * worst case of compact strings), its vector (held once, by the index), and a fixed overhead for
 * the entry record, its id, Caffeine's node, the index-key map and the index's own per-vector
 * slots, plus the vector's int8 codes where the index keeps them (with the Vector API). Measured
 * with {@code io.semcache.memory.HeapPerEntry} (benchmarks module): 100,000 entries of
 * 79-character prompts, 37-character responses and 384-float vectors retain 2,198 bytes each
 * without codes, of which about 500 are neither vector nor text, and 2,601 with them (2,763 with
 * the graph); this estimate gives 2,279 and 2,671 (1.04x; 1.03x and 0.97x). Metadata and tags,
 * absent from that measurement, are counted at two bytes a char plus {@value #PER_ITEM_BYTES} per
 * attribute, chunk and tag (an estimate, not measured).
 */
final class EntryWeigher {

  /** Object headers, fields and map/index slots around one entry: about 500 measured. */
  static final int FIXED_OVERHEAD_BYTES = 512;

  /** A map node, boxed integer or set node, and the two strings' headers: an estimate. */
  static final int PER_ITEM_BYTES = 64;

  private EntryWeigher() {}

  static int weigh(StoredEntry entry) {
    long bytes = FIXED_OVERHEAD_BYTES
        + 2L * entry.prompt().length()
        + 2L * entry.response().length()
        + (entry.vector() == null ? 0 : vectorBytes(entry.vector().length))
        + extrasOf(entry);
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  private static long vectorBytes(int dimension) {
    return 4L * dimension + (VectorIndexes.keepsInt8Codes(dimension) ? dimension + 8L : 0);
  }

  private static long extrasOf(StoredEntry entry) {
    if (!entry.hasMetadataOrTags()) {
      return 0;
    }
    long bytes = (long) PER_ITEM_BYTES * entry.metadata().chunkLengths().size();
    for (var attribute : entry.metadata().attributes().entrySet()) {
      bytes += PER_ITEM_BYTES + 2L * (attribute.getKey().length() + attribute.getValue().length());
    }
    for (String tag : entry.tags()) {
      bytes += PER_ITEM_BYTES + 2L * tag.length();
    }
    return bytes;
  }
}
