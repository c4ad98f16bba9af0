package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongIntMapTest {

  @Test
  void agreesWithAHashMapOnKeysOfEveryShape() {
    LongIntMap map = new LongIntMap();
    Map<Long, Integer> expected = new HashMap<>();
    SplittableRandom random = new SplittableRandom(7);
    for (int step = 0; step < 200_000; step++) {
      long key = key(random);
      int operation = random.nextInt(10);
      if (operation < 6) {
        int value = random.nextInt(1 << 20);
        Integer previous = expected.put(key, value);
        assertThat(map.put(key, value)).isEqualTo(previous == null ? LongIntMap.ABSENT : previous);
      } else if (operation < 9) {
        Integer previous = expected.remove(key);
        assertThat(map.remove(key)).isEqualTo(previous == null ? LongIntMap.ABSENT : previous);
      } else {
        Integer value = expected.get(key);
        assertThat(map.get(key)).isEqualTo(value == null ? LongIntMap.ABSENT : value);
      }
      assertThat(map.size()).isEqualTo(expected.size());
    }
    for (Map.Entry<Long, Integer> entry : expected.entrySet()) {
      assertThat(map.get(entry.getKey())).isEqualTo(entry.getValue());
    }
  }

  @Test
  void keysSharingLowBitsStayApart() {
    LongIntMap map = new LongIntMap();
    long slot = 5;
    long first = (1L << 32) | slot;
    long second = (2L << 32) | slot;
    map.put(first, 10);
    map.put(second, 20);
    assertThat(map.get(first)).isEqualTo(10);
    assertThat(map.get(second)).isEqualTo(20);
    assertThat(map.get(slot)).isEqualTo(LongIntMap.ABSENT);

    assertThat(map.remove(first)).isEqualTo(10);
    // The direct place is free again; the second key, in the hashed table, is still found.
    assertThat(map.get(second)).isEqualTo(20);
    map.put(slot, 30);
    assertThat(map.put(second, 21)).isEqualTo(20);
    assertThat(map.get(slot)).isEqualTo(30);
    assertThat(map.get(second)).isEqualTo(21);
    assertThat(map.size()).isEqualTo(2);
  }

  @Test
  void aMapThatShrankKeepsEveryKeyItStillHolds() {
    LongIntMap map = new LongIntMap();
    int keys = 100_000;
    for (int slot = 0; slot < keys; slot++) {
      map.put((3L << 32) | slot, slot);
    }
    // Keep every 97th key: the direct table is cut back, moving the high slots to the hashed one.
    for (int slot = 0; slot < keys; slot++) {
      if (slot % 97 != 0) {
        assertThat(map.remove((3L << 32) | slot)).isEqualTo(slot);
      }
    }
    assertThat(map.size()).isEqualTo((keys + 96) / 97);
    for (int slot = 0; slot < keys; slot++) {
      int expected = slot % 97 == 0 ? slot : LongIntMap.ABSENT;
      assertThat(map.get((3L << 32) | slot)).as("slot %d", slot).isEqualTo(expected);
    }
    // Re-adding a kept key replaces it wherever it lives; a removed one comes back.
    assertThat(map.put((3L << 32) | 97 * 1000, 1)).isEqualTo(97 * 1000);
    assertThat(map.put((3L << 32) | 5, 2)).isEqualTo(LongIntMap.ABSENT);
    assertThat(map.get((3L << 32) | 97 * 1000)).isEqualTo(1);
    assertThat(map.get((3L << 32) | 5)).isEqualTo(2);
    assertThat(map.size()).isEqualTo((keys + 96) / 97 + 1);
  }

  @Test
  void clearEmptiesBothTables() {
    LongIntMap map = new LongIntMap();
    map.put(3, 1);
    map.put(Long.MIN_VALUE, 2);
    map.clear();
    assertThat(map.size()).isZero();
    assertThat(map.get(3)).isEqualTo(LongIntMap.ABSENT);
    assertThat(map.get(Long.MIN_VALUE)).isEqualTo(LongIntMap.ABSENT);
  }

  @Test
  void aNegativeValueIsRefusedByName() {
    assertThatThrownBy(() -> new LongIntMap().put(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value")
        .hasMessageContaining("-1");
  }

  /**
   * Mostly index-table keys (a small slot, a few generations), some far slots, negative low bits
   * and arbitrary longs, so both tables and their boundary are exercised.
   */
  private static long key(SplittableRandom random) {
    int shape = random.nextInt(10);
    if (shape < 6) {
      return ((long) random.nextInt(4) << 32) | random.nextInt(3_000);
    }
    if (shape < 8) {
      return random.nextInt(Integer.MAX_VALUE);
    }
    if (shape < 9) {
      return ((long) random.nextInt(3) << 32) | (0x8000_0000L + random.nextInt(100));
    }
    return random.nextLong();
  }
}
