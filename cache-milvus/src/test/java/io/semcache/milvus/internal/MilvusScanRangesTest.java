package io.semcache.milvus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.CacheKey;
import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.milvus.MilvusConfig;
import io.semcache.milvus.MilvusTestConfigs;
import io.semcache.milvus.testing.MilvusEndpoint;
import io.semcache.milvus.testing.WithMilvus;
import io.semcache.spi.StoreContext;
import io.semcache.spi.StoredEntry;
import io.semcache.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An export's scan reads ranges of the id space whole and splits a range that reaches the query
 * cap; with a cap of 4 ids, 60 entries take many splits and widenings, and every entry still comes
 * out once, in id order.
 */
@WithMilvus
class MilvusScanRangesTest {

  private static final int DIMENSION = 4;

  @Test
  void aScanWithASmallQueryCapStillReturnsEveryEntryOnceInIdOrder(MilvusEndpoint endpoint) {
    ManualClock clock = ManualClock.startingNow();
    MilvusConfig config = MilvusTestConfigs.forEndpoint(endpoint).dimension(DIMENSION).build();
    MilvusEntryStore store = new MilvusEntryStore(config, MilvusClients.fromConfig(config), false,
        null, "scan-ranges");
    try {
      store.open(new StoreContext(clock, DIMENSION, "scan-model", (p, cause, count) -> { }));
      store.scanIdCap(4);
      Partition partition = Partition.of("acme", "gpt-4o");
      List<String> stored = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String prompt = "prompt " + i;
        EntryId id = EntryId.of(CacheKey.of(partition, prompt));
        store.upsert(new StoredEntry(id, partition, prompt, "answer " + i,
            new float[] {1, 0, 0, 0}, true, "scan-model", clock.millis(),
            clock.millis() + 3_600_000));
        stored.add(id.value());
      }

      List<String> scanned = new ArrayList<>();
      EntryId after = null;
      while (true) {
        List<StoredEntry> page = store.scan(after, 7, clock.millis());
        page.forEach(entry -> scanned.add(entry.id().value()));
        if (page.size() < 7) {
          break;
        }
        after = page.get(page.size() - 1).id();
      }

      assertThat(scanned).isSorted().doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(stored);
    } finally {
      store.close();
    }
  }
}
