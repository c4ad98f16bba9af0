package io.semcache.memory.index;

import java.util.Arrays;

/**
 * A set of non-negative ints with open addressing, reused across searches so that marking visited
 * nodes costs memory proportional to the nodes visited rather than to the index. Not thread-safe.
 */
final class IntSet {

  private static final int EMPTY = -1;

  private int[] table = new int[256];
  private int size;

  IntSet() {
    Arrays.fill(table, EMPTY);
  }

  /** Adds {@code value}; returns false if it was already present. */
  boolean add(int value) {
    int mask = table.length - 1;
    int i = mix(value) & mask;
    while (true) {
      int current = table[i];
      if (current == EMPTY) {
        table[i] = value;
        if (++size > table.length / 2) {
          grow();
        }
        return true;
      }
      if (current == value) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  void clear() {
    if (size > 0) {
      Arrays.fill(table, EMPTY);
      size = 0;
    }
  }

  private void grow() {
    int[] old = table;
    table = new int[old.length * 2];
    Arrays.fill(table, EMPTY);
    int mask = table.length - 1;
    for (int value : old) {
      if (value != EMPTY) {
        int i = mix(value) & mask;
        while (table[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        table[i] = value;
      }
    }
  }

  private static int mix(int value) {
    int h = value * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
