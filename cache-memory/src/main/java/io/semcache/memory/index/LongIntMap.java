package io.semcache.memory.index;

import java.util.Arrays;

/**
 * An open-addressing map from {@code long} keys to non-negative {@code int} values (row or slot
 * numbers), with linear probing and backward-shift deletion, so removals leave no tombstones. Every
 * {@code long} is a valid key. Not thread-safe.
 */
final class LongIntMap {

  static final int ABSENT = -1;
  private static final int MIN_CAPACITY = 16;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap() {
    allocate(MIN_CAPACITY);
  }

  int size() {
    return size;
  }

  int get(long key) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      int value = values[i];
      if (value == ABSENT || keys[i] == key) {
        return value;
      }
    }
  }

  /** Maps {@code key} to {@code value} and returns the previous value, or {@link #ABSENT}. */
  int put(long key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("value: expected a non-negative integer, got " + value);
    }
    int i = slot(key);
    for (; values[i] != ABSENT; i = (i + 1) & mask) {
      if (keys[i] == key) {
        int previous = values[i];
        values[i] = value;
        return previous;
      }
    }
    keys[i] = key;
    values[i] = value;
    if (++size > (mask + 1) * 2 / 3) {
      rehash((mask + 1) * 2);
    }
    return ABSENT;
  }

  /** Removes {@code key} and returns its value, or {@link #ABSENT}. */
  int remove(long key) {
    int i = slot(key);
    for (; values[i] != ABSENT; i = (i + 1) & mask) {
      if (keys[i] == key) {
        int previous = values[i];
        shiftBack(i);
        size--;
        if (size < (mask + 1) / 8 && mask + 1 > MIN_CAPACITY) {
          rehash((mask + 1) / 2);
        }
        return previous;
      }
    }
    return ABSENT;
  }

  void clear() {
    size = 0;
    allocate(MIN_CAPACITY);
  }

  /** Fills the hole at {@code hole} by moving back entries of the same probe run. */
  private void shiftBack(int hole) {
    for (int i = (hole + 1) & mask; values[i] != ABSENT; i = (i + 1) & mask) {
      int home = slot(keys[i]);
      // Move entry i into the hole unless its home lies cyclically in (hole, i].
      boolean homeAfterHole = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!homeAfterHole) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
    }
    values[hole] = ABSENT;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    int[] oldValues = values;
    allocate(capacity);
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != ABSENT) {
        int j = slot(oldKeys[i]);
        while (values[j] != ABSENT) {
          j = (j + 1) & mask;
        }
        keys[j] = oldKeys[i];
        values[j] = oldValues[i];
      }
    }
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(values, ABSENT);
    mask = capacity - 1;
  }
}
