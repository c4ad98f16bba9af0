package io.semcache.memory.index;

/**
 * Unfiltered nearest keys, best first, as found under an index's read lock.
 *
 * @param complete whether these are all the live keys, so that asking for more cannot find others
 */
record Candidates(long[] keys, float[] scores, int count, boolean complete) {

  private static final Candidates NONE = new Candidates(new long[0], new float[0], 0, true);

  /** No keys, from an empty index. */
  static Candidates none() {
    return NONE;
  }

  /**
   * Empties {@code best} (scores of nodes, node {@code i} standing for key {@code keyOfNode[i]}) into
   * candidates, best first; they are complete when they hold all {@code liveCount} live keys.
   */
  static Candidates drain(NodeHeap best, long[] keyOfNode, int liveCount) {
    int count = best.size();
    long[] keys = new long[count];
    float[] scores = new float[count];
    best.drainDescending(keyOfNode, keys, scores);
    return new Candidates(keys, scores, count, count == liveCount);
  }
}
