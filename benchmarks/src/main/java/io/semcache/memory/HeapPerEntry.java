package io.semcache.memory;

import io.semcache.CacheKey;
import io.semcache.Embedding;
import io.semcache.FailureMode;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import io.semcache.benchmarks.index.EmbeddingLikeVectors;
import io.semcache.benchmarks.index.VectorData;
import io.semcache.benchmarks.workload.GraphBuild;
import io.semcache.benchmarks.workload.PrecomputedOnlyEmbedder;
import io.semcache.spi.StoredEntry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Heap bytes a memory cache retains per entry, measured: used heap after full GCs with the cache
 * filled, minus the same before it was built, divided by the entries. Entries as in the issue:
 * prompts of about 70 characters, responses of about 30 (every one a distinct string), 384-float
 * vectors given with the store (generated one at a time and dropped, so only the cache holds
 * them). Also prints what {@link EntryWeigher} (the {@code maximumWeightBytes} estimate) says for
 * the same entries, which is why this tool sits in the memory backend's package.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.semcache.memory.HeapPerEntry [entries] [exactSearchLimit]
 * # defaults: 100000 entries; exactSearchLimit 2^31-1 (exact scan); 0 = the graph from the start
 * </pre>
 */
public final class HeapPerEntry {

  private static final Partition PARTITION = Partition.of("tenant-a", "model-b");

  private HeapPerEntry() {}

  public static void main(String[] args) throws InterruptedException {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int exactSearchLimit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
    EmbeddingLikeVectors source = new EmbeddingLikeVectors(VectorData.CLUSTERED, 384, 42);
    long before = usedAfterGc();
    SemanticCache cache = MemorySemanticCache.builder()
        .embedder(new PrecomputedOnlyEmbedder())
        .verifiers(List.of())
        .exactSearchLimit(exactSearchLimit)
        .maximumEntries(entries)
        .defaultTtl(Duration.ofDays(1))
        .failureMode(FailureMode.FAIL_CLOSED)
        .build();
    long promptChars = 0;
    long responseChars = 0;
    long estimated = 0;
    for (int i = 0; i < entries; i++) {
      String prompt = prompt(i);
      String response = "Answer " + i + ": see the guide, page " + (i % 97) + ".";
      promptChars += prompt.length();
      responseChars += response.length();
      float[] vector = source.next();
      CacheKey key = CacheKey.of(PARTITION, prompt);
      StoreRequest request = StoreRequest.builder(key, response)
          .embedding(Embedding.of(PrecomputedOnlyEmbedder.MODEL_ID, vector))
          .build();
      if (!cache.put(request).isStored()) {
        throw new IllegalStateException("entry " + i + " was not stored");
      }
      estimated += EntryWeigher.weigh(new StoredEntry(io.semcache.EntryId.of(key),
          PARTITION, prompt, response, vector, true, PrecomputedOnlyEmbedder.MODEL_ID, 0, 1));
    }
    if (exactSearchLimit < entries) {
      GraphBuild.await(); // the exact index is dropped once the graph is swapped in
    }
    long after = usedAfterGc();
    double perEntry = (after - before) / (double) entries;
    System.out.printf(Locale.ROOT, "[heap] %d entries (prompt %.1f chars, response %.1f chars on"
        + " average, 384-float vectors), exactSearchLimit %d: %.0f bytes per entry retained"
        + " (%.1f MB in all); EntryWeigher estimates %.0f bytes per entry (%.2fx the measurement)%n",
        entries, promptChars / (double) entries, responseChars / (double) entries,
        exactSearchLimit, perEntry, (after - before) / 1e6, estimated / (double) entries,
        estimated / (double) entries / perEntry);
    if (cache.stats() == null) {
      System.out.println("unreachable"); // keeps the cache reachable until after the measurement
    }
    cache.close();
  }

  /** About 70 characters, distinct per entry. */
  private static String prompt(int i) {
    return "How do I reset the password of account number " + i + " when the email never comes?";
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int round = 0; round < 4; round++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
