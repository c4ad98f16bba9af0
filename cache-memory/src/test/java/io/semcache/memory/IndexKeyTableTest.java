package io.semcache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.CacheKey;
import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.spi.StoredEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexKeyTableTest {

  private static final Partition PARTITION = Partition.of("t", "m");

  @Test
  void aKeyFindsItsEntryUntilRemovedAndNeverTheEntryThatReusesItsSlot() {
    IndexKeyTable table = new IndexKeyTable();
    MemoryEntry first = entry("first");
    long firstKey = table.add(first);
    assertThat(first.indexKey()).isEqualTo(firstKey);
    assertThat(table.get(firstKey)).isSameAs(first);

    assertThat(table.remove(firstKey, entry("someone else"))).isFalse();
    assertThat(table.remove(firstKey, first)).isTrue();
    assertThat(table.get(firstKey)).isNull();
    assertThat(table.remove(firstKey, first)).isFalse();
    assertThat(table.isEmpty()).isTrue();

    // The freed slot is reused; the old key, which an index may still hold, finds nothing.
    MemoryEntry second = entry("second");
    long secondKey = table.add(second);
    assertThat((int) secondKey).isEqualTo((int) firstKey);
    assertThat(secondKey).isNotEqualTo(firstKey).isNotEqualTo(MemoryEntry.NOT_INDEXED);
    assertThat(table.get(firstKey)).isNull();
    assertThat(table.get(secondKey)).isSameAs(second);
    assertThat(table.remove(firstKey, second)).isFalse();
    assertThat(table.get(secondKey)).isSameAs(second);
  }

  @Test
  void keysOutsideTheTableFindNothing() {
    IndexKeyTable table = new IndexKeyTable();
    assertThat(table.get(0)).isNull();
    assertThat(table.get(MemoryEntry.NOT_INDEXED)).isNull();
    long key = table.add(entry("x"));
    assertThat(table.get(key + 1)).isNull();
    assertThat(table.get(key + (1L << 32))).isNull();
    assertThat(table.get(Long.MIN_VALUE)).isNull();
  }

  @Test
  void manyEntriesAcrossChunksKeepTheirKeysThroughRemovalsAndReuse() {
    IndexKeyTable table = new IndexKeyTable();
    List<MemoryEntry> held = new ArrayList<>();
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      MemoryEntry entry = entry("p" + i);
      held.add(entry);
      keys.add(table.add(entry));
    }
    List<Long> removedKeys = new ArrayList<>();
    for (int i = 0; i < held.size(); i += 3) {
      assertThat(table.remove(keys.get(i), held.get(i))).isTrue();
      removedKeys.add(keys.get(i));
    }
    List<MemoryEntry> added = new ArrayList<>();
    List<Long> addedKeys = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      MemoryEntry entry = entry("q" + i);
      added.add(entry);
      addedKeys.add(table.add(entry));
    }
    for (int i = 0; i < held.size(); i++) {
      assertThat(table.get(keys.get(i))).isSameAs(i % 3 == 0 ? null : held.get(i));
    }
    for (int i = 0; i < added.size(); i++) {
      assertThat(table.get(addedKeys.get(i))).isSameAs(added.get(i));
    }
    for (long removed : removedKeys) {
      assertThat(table.get(removed)).isNull();
    }
    assertThat(addedKeys).doesNotContainAnyElementsOf(removedKeys).doesNotHaveDuplicates();
  }

  private static MemoryEntry entry(String prompt) {
    StoredEntry stored = new StoredEntry(EntryId.of(CacheKey.of(PARTITION, prompt)), PARTITION,
        prompt, "answer", new float[] {1f}, true, "model", 0, 1);
    return new MemoryEntry(stored, PARTITION);
  }
}
