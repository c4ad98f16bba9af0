package io.semcache.memory.index;

import java.util.Arrays;

/**
 * A map from {@code long} keys to non-negative {@code int} values (row or slot numbers). Keys whose
 * low 32 bits are a small non-negative number (the memory store's index keys are a table slot there
 * and a generation above it; tests and benchmarks count from 0) live in a direct table indexed by
 * those bits, holding the high bits and the value: 8 bytes a key, where the hashed table took about
 * 30 at its load. The direct table grows only to about twice the keys held (and is cut back when
 * they fall below an eighth of it), so other keys, and a second key with the same low bits, go to
 * an open-addressing table with linear probing and backward-shift deletion (no tombstones). Every
 * {@code long} is a valid key. Not thread-safe.
 */
final class LongIntMap {

  static final int ABSENT = -1;
  private static final int MIN_CAPACITY = 16;
  /** The direct table may grow to cover low bits below twice the keys held plus this. */
  private static final int DIRECT_SLACK = 1024;

  /** By low 32 bits: the key's high 32 bits, and its value (ABSENT when the place is empty). */
  private int[] directHighBits;
  private int[] directValues;
  private long[] keys;
  private int[] values;
  private int hashedSize;
  private int size;
  private int mask;

  LongIntMap() {
    clear();
  }

  int size() {
    return size;
  }

  int get(long key) {
    int low = (int) key;
    if (low >= 0 && low < directValues.length) {
      int value = directValues[low];
      if (value != ABSENT && directHighBits[low] == (int) (key >>> 32)) {
        return value;
      }
    }
    return hashedSize == 0 ? ABSENT : hashedGet(key);
  }

  /** Maps {@code key} to {@code value} and returns the previous value, or {@link #ABSENT}. */
  int put(long key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("value: expected a non-negative integer, got " + value);
    }
    int low = (int) key;
    int high = (int) (key >>> 32);
    boolean direct = low >= 0 && low < directValues.length;
    if (direct && directValues[low] != ABSENT && directHighBits[low] == high) {
      int previous = directValues[low];
      directValues[low] = value;
      return previous;
    }
    if (hashedSize > 0) {
      int i = hashedIndex(key);
      if (values[i] != ABSENT) {
        int previous = values[i];
        values[i] = value;
        return previous;
      }
    }
    if (!direct && low >= 0 && low < 2L * size + DIRECT_SLACK) {
      growDirect(low);
      direct = true;
    }
    if (direct && directValues[low] == ABSENT) {
      directHighBits[low] = high;
      directValues[low] = value;
    } else {
      hashedPut(key, value);
    }
    size++;
    return ABSENT;
  }

  /** Removes {@code key} and returns its value, or {@link #ABSENT}. */
  int remove(long key) {
    int low = (int) key;
    if (low >= 0 && low < directValues.length && directValues[low] != ABSENT
        && directHighBits[low] == (int) (key >>> 32)) {
      int previous = directValues[low];
      directValues[low] = ABSENT;
      size--;
      shrinkDirectIfSparse();
      return previous;
    }
    if (hashedSize == 0) {
      return ABSENT;
    }
    int i = hashedIndex(key);
    if (values[i] == ABSENT) {
      return ABSENT;
    }
    int previous = values[i];
    shiftBack(i);
    hashedSize--;
    size--;
    if (hashedSize < (mask + 1) / 8 && mask + 1 > MIN_CAPACITY) {
      rehash((mask + 1) / 2);
    }
    return previous;
  }

  void clear() {
    size = 0;
    hashedSize = 0;
    directHighBits = new int[0];
    directValues = new int[0];
    allocate(MIN_CAPACITY);
  }

  private void growDirect(int low) {
    int length = (int) Math.min(Integer.MAX_VALUE - 8,
        Math.max(low + 1L, Math.max(MIN_CAPACITY, directValues.length + (directValues.length >> 1))));
    int from = directValues.length;
    directHighBits = Arrays.copyOf(directHighBits, length);
    directValues = Arrays.copyOf(directValues, length);
    Arrays.fill(directValues, from, length, ABSENT);
  }

  /**
   * Cuts the direct table back to about twice the keys held once it is mostly empty, moving the
   * keys above the cut to the hashed table, so a map that shrank does not keep its peak's table.
   */
  private void shrinkDirectIfSparse() {
    int length = directValues.length;
    if (length <= 4 * DIRECT_SLACK || size >= length / 8) {
      return;
    }
    int kept = 2 * size + DIRECT_SLACK;
    for (int low = kept; low < length; low++) {
      if (directValues[low] != ABSENT) {
        hashedPut(((long) directHighBits[low] << 32) | low, directValues[low]);
      }
    }
    directHighBits = Arrays.copyOf(directHighBits, kept);
    directValues = Arrays.copyOf(directValues, kept);
  }

  private int hashedGet(long key) {
    return values[hashedIndex(key)];
  }

  /** Where {@code key} sits in the hashed table, or the empty place that ends its probe run. */
  private int hashedIndex(long key) {
    int i = slot(key);
    while (values[i] != ABSENT && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void hashedPut(long key, int value) {
    int i = hashedIndex(key);
    keys[i] = key;
    values[i] = value;
    if (++hashedSize > (mask + 1) * 2 / 3) {
      rehash((mask + 1) * 2);
    }
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
