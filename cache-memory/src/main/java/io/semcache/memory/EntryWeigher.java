package io.semcache.memory;

import io.semcache.memory.index.VectorIndexes;
import io.semcache.spi.StoredEntry;
import org.jspecify.annotations.Nullable;

/**
 * Estimates the heap bytes one entry retains: its prompt and response text (two bytes a char, the
 * worst case of compact strings), its vector (held once, by the index), and a fixed overhead for
 * the entry object, its id, Caffeine's node, the index-key table and the index's own per-vector
 * slots, plus the vector's int8 codes where the index keeps them (with the Vector API). Measured
 * with {@code io.semcache.memory.HeapPerEntry} (benchmarks module): 100,000 entries of
 * 79-character prompts, 37-character responses and 384-float vectors retain 1,984 bytes each
 * with the exact scan and 2,143 with the graph, floats only (about 300 and 455 of them neither
 * vector nor text), and 2,384 and 2,545 with codes; this estimate gives 2,119 and 2,511 (1.07x and
 * 1.05x of the exact scan's, 0.99x of the graph's). Metadata and tags, absent from that
 * measurement, are counted at two bytes a char plus {@value #PER_ITEM_BYTES} per attribute, chunk
 * and tag (an estimate, not measured).
 */
final class EntryWeigher {

  /** Object headers, fields and map/index slots around one entry: 300-455 measured. */
  static final int FIXED_OVERHEAD_BYTES = 352;

  /** A map node, boxed integer or set node, and the two strings' headers: an estimate. */
  static final int PER_ITEM_BYTES = 64;

  private EntryWeigher() {}

  /** The estimate for an entry about to be stored, its vector (if any) with it. */
  static int weigh(StoredEntry entry) {
    float @Nullable [] vector = entry.vector();
    return weigh(entry.prompt(), entry.response(), vector == null ? 0 : vector.length,
        entry.hasMetadataOrTags() ? entry : null);
  }

  /** The same estimate for an entry held, whose vector (if any) has {@code dimension} floats. */
  static int weigh(MemoryEntry entry, int dimension) {
    return weigh(entry.prompt, entry.response, entry.hasVector ? dimension : 0, entry.extras());
  }

  private static int weigh(String prompt, String response, int dimension,
      @Nullable StoredEntry extras) {
    long bytes = FIXED_OVERHEAD_BYTES
        + 2L * prompt.length()
        + 2L * response.length()
        + (dimension == 0 ? 0 : vectorBytes(dimension))
        + (extras == null ? 0 : extrasOf(extras));
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  private static long vectorBytes(int dimension) {
    return 4L * dimension + (VectorIndexes.keepsInt8Codes(dimension) ? dimension + 8L : 0);
  }

  private static long extrasOf(StoredEntry entry) {
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
