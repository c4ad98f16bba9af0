package io.semcache.memory.index;

import java.util.Arrays;

/**
 * A binary min-heap of (score, node) pairs in two parallel arrays, reused across searches. A max-heap
 * is this heap with negated scores. Not thread-safe.
 */
final class NodeHeap {

  private float[] scores;
  private int[] nodes;
  private int size;

  NodeHeap(int initialCapacity) {
    scores = new float[Math.max(4, initialCapacity)];
    nodes = new int[scores.length];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void clear() {
    size = 0;
  }

  float topScore() {
    return scores[0];
  }

  int topNode() {
    return nodes[0];
  }

  void push(float score, int node) {
    if (size == scores.length) {
      scores = Arrays.copyOf(scores, size * 2);
      nodes = Arrays.copyOf(nodes, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (scores[parent] <= score) {
        break;
      }
      scores[i] = scores[parent];
      nodes[i] = nodes[parent];
      i = parent;
    }
    scores[i] = score;
    nodes[i] = node;
  }

  /** Removes the smallest pair; read it first with {@link #topScore()} and {@link #topNode()}. */
  void pop() {
    size--;
    if (size > 0) {
      siftDown(scores[size], nodes[size]);
    }
  }

  /** Replaces the smallest pair with the given one (a pop and a push in one sift). */
  void replaceTop(float score, int node) {
    siftDown(score, node);
  }

  /**
   * Keeps the {@code capacity} largest pairs seen: pushes while not full, else replaces the smallest
   * when {@code score} is larger. Returns whether the pair was kept.
   */
  boolean offer(float score, int node, int capacity) {
    if (size < capacity) {
      push(score, node);
      return true;
    }
    if (score > scores[0]) {
      replaceTop(score, node);
      return true;
    }
    return false;
  }

  /**
   * Empties the heap into {@code outNodes}/{@code outScores} in descending score order and returns the
   * count.
   */
  int drainDescending(int[] outNodes, float[] outScores) {
    int count = size;
    for (int i = count - 1; i >= 0; i--) {
      outNodes[i] = nodes[0];
      outScores[i] = scores[0];
      pop();
    }
    return count;
  }

  /**
   * Empties the heap in descending score order into {@code outKeys}/{@code outScores}, writing the
   * key {@code keyOfNode[node]} for each node.
   */
  void drainDescending(long[] keyOfNode, long[] outKeys, float[] outScores) {
    for (int i = size - 1; i >= 0; i--) {
      outKeys[i] = keyOfNode[nodes[0]];
      outScores[i] = scores[0];
      pop();
    }
  }

  private void siftDown(float score, int node) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && scores[right] < scores[child]) {
        child = right;
      }
      if (score <= scores[child]) {
        break;
      }
      scores[i] = scores[child];
      nodes[i] = nodes[child];
      i = child;
    }
    scores[i] = score;
    nodes[i] = node;
  }
}
