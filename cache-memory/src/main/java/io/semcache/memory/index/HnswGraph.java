package io.semcache.memory.index;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The storage of an HNSW graph, without its algorithms ({@link HnswVectorIndex} inserts, searches and
 * repairs over it): per slot a key, vector, state, level, generation and adjacency lists, plus the
 * key-to-slot map, the free list and the entry point.
 *
 * <p>A slot is {@link #FREE}, {@link #LIVE} or {@link #DELETED} (a tombstone: off the key map, still
 * in the graph for routing, until {@link #free} returns its slot to the free list). A freed slot's
 * generation is bumped, so a reader that noted a slot's generation before it was freed and reused can
 * tell. Accessors are trivial, so that search loops over them inline to plain array reads. Not
 * thread-safe; the index guards it.
 */
final class HnswGraph {

  static final byte FREE = 0;
  static final byte LIVE = 1;
  static final byte DELETED = 2;

  /** Level-0 adjacency lists come in chunks of this many slots, so growing copies no lists. */
  private static final int LINK_CHUNK_SHIFT = 10;
  private static final int LINK_CHUNK_MASK = (1 << LINK_CHUNK_SHIFT) - 1;
  private static final int INITIAL_SLOTS = 16;

  private final int m;
  private final int maxDegree0;
  private final VectorStore vectors;
  /** Int8 codes of the vectors, by slot, for the search walk; null when the graph walks floats. */
  private final @Nullable QuantizedRows codes;
  private final LongIntMap slotOfKey = new LongIntMap();
  private long[] keys;
  private int[] generations;
  private byte[] states;
  private byte[] levels;
  /** Level-0 adjacency: per slot, a count then up to maxDegree0 neighbours, in chunks of 1024 slots. */
  private int[][] baseLinks;
  /** Upper-level adjacency: upperLinks[slot][level - 1] = {count, neighbours...}, null at level 0. */
  private int[][][] upperLinks;
  private int[] freeSlots;
  private int freeCount;
  private int highWater;
  private int liveCount;
  private int entryPoint;
  private int maxLevel;

  /** A graph of {@code dimension}-float vectors with at most {@code m} edges per node above level 0. */
  HnswGraph(int dimension, int m) {
    this(dimension, m, false);
  }

  /** As {@link #HnswGraph(int, int)}, keeping int8 codes of the vectors too when {@code quantized}. */
  HnswGraph(int dimension, int m, boolean quantized) {
    this.m = m;
    this.maxDegree0 = 2 * m;
    this.vectors = new VectorStore(dimension);
    this.codes = quantized ? new QuantizedRows(vectors) : null;
    clear();
  }

  /** The int8 codes by slot, in step with {@link #vectors()}; null if the graph keeps none. */
  @Nullable QuantizedRows codes() {
    return codes;
  }

  /** The vectors by slot; the same store for the graph's whole life, cleared in place. */
  VectorStore vectors() {
    return vectors;
  }

  /** Slots {@code [0, highWater)} have ever been allocated; any of them may be free now. */
  int highWater() {
    return highWater;
  }

  int liveCount() {
    return liveCount;
  }

  /** Slots allocated and not on the free list: live nodes and tombstones. */
  int slotsInUse() {
    return highWater - freeCount;
  }

  /** Where searches start: the highest node, live if any is; -1 when the graph is empty. */
  int entryPoint() {
    return entryPoint;
  }

  /** The entry point's level; -1 when the graph is empty. */
  int maxLevel() {
    return maxLevel;
  }

  void setEntryPoint(int slot, int level) {
    entryPoint = slot;
    maxLevel = level;
  }

  long key(int slot) {
    return keys[slot];
  }

  /**
   * Keys by slot, for turning a heap of slots into keys in one pass; read it under the lock that
   * guards the graph, as a later {@link #add} may replace the array.
   */
  long[] keysBySlot() {
    return keys;
  }

  int generation(int slot) {
    return generations[slot];
  }

  byte state(int slot) {
    return states[slot];
  }

  boolean isLive(int slot) {
    return states[slot] == LIVE;
  }

  int level(int slot) {
    return levels[slot];
  }

  int maxDegree(int level) {
    return level == 0 ? maxDegree0 : m;
  }

  /** The array holding {@code slot}'s adjacency at {@code level}; see {@link #linksBase}. */
  int[] links(int slot, int level) {
    return level == 0 ? baseLinks[slot >>> LINK_CHUNK_SHIFT] : upperLinks[slot][level - 1];
  }

  /** Where in {@link #links} the count sits; the neighbours follow it. */
  int linksBase(int slot, int level) {
    return level == 0 ? (slot & LINK_CHUNK_MASK) * (maxDegree0 + 1) : 0;
  }

  /** How many neighbours {@code slot} has at {@code level}. */
  int linkCount(int slot, int level) {
    return links(slot, level)[linksBase(slot, level)];
  }

  /** Makes {@code neighbours[0, count)} the adjacency of {@code slot} at {@code level}. */
  void setLinks(int slot, int level, int[] neighbours, int count) {
    int[] links = links(slot, level);
    int base = linksBase(slot, level);
    System.arraycopy(neighbours, 0, links, base + 1, count);
    links[base] = count;
  }

  /**
   * Stores a live node without edges in a free slot (the most recently freed, else a new one) and
   * maps {@code key} to it; the key must not be mapped. Leaves the entry point alone.
   */
  int add(long key, float[] vector, int level) {
    int slot = allocateSlot();
    vectors.set(slot, vector);
    if (codes != null) {
      codes.set(slot, Int8Quantizer.row(vector));
    }
    keys[slot] = key;
    states[slot] = LIVE;
    levels[slot] = (byte) level;
    upperLinks[slot] = level == 0 ? null : new int[level][m + 1];
    slotOfKey.put(key, slot);
    liveCount++;
    return slot;
  }

  /**
   * Unmaps {@code key} and makes its node a tombstone, which keeps its slot, vector and edges until
   * {@link #free}d. Returns the slot, or {@link LongIntMap#ABSENT} if the key was not mapped.
   */
  int markDeleted(long key) {
    int slot = slotOfKey.remove(key);
    if (slot != LongIntMap.ABSENT) {
      states[slot] = DELETED;
      liveCount--;
    }
    return slot;
  }

  /**
   * Returns a tombstone's slot to the free list, with no edges and a new generation. Edges from other
   * nodes to it must be gone; freeing the entry point picks a new one.
   */
  void free(int slot) {
    states[slot] = FREE;
    generations[slot]++;
    baseLinks[slot >>> LINK_CHUNK_SHIFT][linksBase(slot, 0)] = 0;
    upperLinks[slot] = null;
    levels[slot] = 0;
    if (freeCount == freeSlots.length) {
      // Grown on demand: a graph that seldom frees keeps a short list, not one int per slot.
      freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
    }
    freeSlots[freeCount++] = slot;
    if (slot == entryPoint) {
      chooseEntryPoint();
    }
  }

  /** Whether {@code key} has a live node. */
  boolean contains(long key) {
    return slotOfKey.get(key) != LongIntMap.ABSENT;
  }

  /** A copy of the live vector of {@code key}, or null if the key is not mapped. */
  float @Nullable [] vectorOf(long key) {
    int slot = slotOfKey.get(key);
    return slot == LongIntMap.ABSENT ? null : vectors.get(slot);
  }

  /** Passes every live (key, vector) pair to {@code consumer}, in slot order. */
  void forEachLive(KeyVectorConsumer consumer) {
    for (int slot = 0; slot < highWater; slot++) {
      if (states[slot] == LIVE) {
        consumer.accept(keys[slot], vectors.get(slot));
      }
    }
  }

  /** Empties the graph and releases its arrays. */
  void clear() {
    vectors.clear();
    if (codes != null) {
      codes.clear(vectors);
    }
    slotOfKey.clear();
    keys = new long[INITIAL_SLOTS];
    generations = new int[INITIAL_SLOTS];
    states = new byte[INITIAL_SLOTS];
    levels = new byte[INITIAL_SLOTS];
    upperLinks = new int[INITIAL_SLOTS][][];
    baseLinks = new int[4][];
    freeSlots = new int[INITIAL_SLOTS];
    freeCount = 0;
    highWater = 0;
    liveCount = 0;
    entryPoint = -1;
    maxLevel = -1;
  }

  /** Picks the highest node still in the graph, preferring live nodes; -1 if none. */
  private void chooseEntryPoint() {
    int best = -1;
    int bestLevel = -1;
    boolean bestLive = false;
    for (int slot = 0; slot < highWater; slot++) {
      byte state = states[slot];
      if (state == FREE) {
        continue;
      }
      boolean live = state == LIVE;
      int level = levels[slot];
      if ((live && !bestLive) || (live == bestLive && level > bestLevel)) {
        best = slot;
        bestLevel = level;
        bestLive = live;
      }
    }
    entryPoint = best;
    maxLevel = bestLevel;
  }

  private int allocateSlot() {
    if (freeCount > 0) {
      return freeSlots[--freeCount];
    }
    int slot = highWater++;
    if (slot == keys.length) {
      int capacity = slot * 2;
      keys = Arrays.copyOf(keys, capacity);
      generations = Arrays.copyOf(generations, capacity);
      states = Arrays.copyOf(states, capacity);
      levels = Arrays.copyOf(levels, capacity);
      upperLinks = Arrays.copyOf(upperLinks, capacity);
    }
    vectors.ensureCapacity(highWater);
    if (codes != null) {
      codes.matchCapacity(vectors);
    }
    int chunk = slot >>> LINK_CHUNK_SHIFT;
    if (chunk == baseLinks.length) {
      baseLinks = Arrays.copyOf(baseLinks, chunk * 2);
    }
    if (baseLinks[chunk] == null) {
      baseLinks[chunk] = new int[(LINK_CHUNK_MASK + 1) * (maxDegree0 + 1)];
    }
    return slot;
  }
}
