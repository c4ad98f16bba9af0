package io.semcache.memory.index;

import java.util.Arrays;

/** A growable list of ints. Not thread-safe. */
final class IntList {

  private int[] values = new int[16];
  private int size;

  int size() {
    return size;
  }

  int get(int index) {
    return values[index];
  }

  void add(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  void clear() {
    size = 0;
    if (values.length > 1024) {
      values = new int[16];
    }
  }
}
