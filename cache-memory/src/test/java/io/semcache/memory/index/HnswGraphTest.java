package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HnswGraphTest {

  private static final int DIMENSION = 4;
  private static final int M = 3;
  private final HnswGraph graph = new HnswGraph(DIMENSION, M);

  @Test
  void freedSlotIsReusedMostRecentFirstWithANewGeneration() {
    int a = graph.add(10, vector(0), 0);
    int b = graph.add(11, vector(1), 0);
    int c = graph.add(12, vector(2), 0);
    int generationOfB = graph.generation(b);

    graph.free(markDeleted(11));
    graph.free(markDeleted(10));

    assertThat(graph.slotsInUse()).isEqualTo(1);
    assertThat(graph.state(a)).isEqualTo(HnswGraph.FREE);
    // Last freed, first reused: a then b, before any new slot.
    assertThat(graph.add(13, vector(3), 0)).isEqualTo(a);
    int reused = graph.add(14, vector(0), 0);
    assertThat(reused).isEqualTo(b);
    assertThat(graph.generation(b)).isEqualTo(generationOfB + 1);
    assertThat(graph.key(b)).isEqualTo(14);
    assertThat(graph.add(15, vector(1), 0)).isEqualTo(3);
    assertThat(graph.highWater()).isEqualTo(4);
    assertThat(graph.isLive(c)).isTrue();
  }

  @Test
  void tombstoneKeepsItsSlotVectorAndEdgesUntilFreed() {
    int a = graph.add(10, vector(0), 1);
    int b = graph.add(11, vector(1), 0);
    graph.setLinks(a, 0, new int[] {b}, 1);
    graph.setLinks(a, 1, new int[] {b}, 1);

    assertThat(graph.markDeleted(10)).isEqualTo(a);

    assertThat(graph.state(a)).isEqualTo(HnswGraph.DELETED);
    assertThat(graph.liveCount()).isEqualTo(1);
    assertThat(graph.slotsInUse()).isEqualTo(2);
    assertThat(graph.linkCount(a, 0)).isEqualTo(1);
    assertThat(graph.linkCount(a, 1)).isEqualTo(1);
    assertThat(graph.level(a)).isEqualTo(1);
    assertThat(graph.vectors().get(a)).containsExactly(vector(0));
    // The key is gone at once: deleting it again finds nothing.
    assertThat(graph.markDeleted(10)).isEqualTo(LongIntMap.ABSENT);

    graph.free(a);

    assertThat(graph.linkCount(a, 0)).isZero();
    assertThat(graph.level(a)).isZero();
    assertThat(graph.slotsInUse()).isEqualTo(1);
  }

  @Test
  void freeingTheEntryPointPromotesTheHighestLiveNode() {
    int top = graph.add(10, vector(0), 3);
    int tombstone = graph.add(11, vector(1), 2);
    graph.add(12, vector(2), 0);
    int second = graph.add(13, vector(3), 1);
    graph.setEntryPoint(top, 3);
    graph.markDeleted(11);

    graph.free(markDeleted(10));

    // The tombstone at level 2 still routes, but a live node is preferred over it.
    assertThat(graph.entryPoint()).isEqualTo(second);
    assertThat(graph.maxLevel()).isEqualTo(1);
    assertThat(graph.state(tombstone)).isEqualTo(HnswGraph.DELETED);
  }

  @Test
  void freeingTheLastNodeLeavesNoEntryPoint() {
    int only = graph.add(10, vector(0), 2);
    graph.setEntryPoint(only, 2);

    graph.free(markDeleted(10));

    assertThat(graph.entryPoint()).isEqualTo(-1);
    assertThat(graph.maxLevel()).isEqualTo(-1);
  }

  @Test
  void growingKeepsEverySlotsKeyLevelVectorAndEdges() {
    // Past the initial 16 slots and past one 1024-slot chunk of level-0 lists.
    int count = 2500;
    for (int i = 0; i < count; i++) {
      int slot = graph.add(1000 + i, vector(i), i % 3);
      assertThat(slot).isEqualTo(i);
      graph.setLinks(slot, 0, new int[] {(i + 1) % count, (i + 2) % count}, 2);
    }
    for (int i = 0; i < count; i++) {
      assertThat(graph.key(i)).isEqualTo(1000 + i);
      assertThat(graph.level(i)).isEqualTo(i % 3);
      assertThat(graph.vectors().get(i)).containsExactly(vector(i));
      int[] links = graph.links(i, 0);
      int base = graph.linksBase(i, 0);
      assertThat(links[base]).isEqualTo(2);
      assertThat(links[base + 1]).isEqualTo((i + 1) % count);
      assertThat(links[base + 2]).isEqualTo((i + 2) % count);
    }
    assertThat(graph.keysBySlot()[count - 1]).isEqualTo(1000 + count - 1);
  }

  @Test
  void forEachLiveSkipsTombstonesAndClearEmptiesEverything() {
    for (int i = 0; i < 5; i++) {
      graph.add(i, vector(i), 0);
    }
    graph.markDeleted(1);
    graph.free(markDeleted(3));
    Map<Long, float[]> seen = new HashMap<>();
    graph.forEachLive(seen::put);
    assertThat(seen).containsOnlyKeys(0L, 2L, 4L);
    assertThat(seen.get(2L)).containsExactly(vector(2));

    graph.clear();

    assertThat(graph.liveCount()).isZero();
    assertThat(graph.highWater()).isZero();
    assertThat(graph.slotsInUse()).isZero();
    assertThat(graph.entryPoint()).isEqualTo(-1);
    assertThat(graph.markDeleted(0)).isEqualTo(LongIntMap.ABSENT);
    assertThat(graph.add(7, vector(7), 0)).isZero();
  }

  @Test
  void upperLevelsHoldAtMostMEdgesAndLevelZeroTwice() {
    assertThat(graph.maxDegree(0)).isEqualTo(2 * M);
    assertThat(graph.maxDegree(1)).isEqualTo(M);
    int slot = graph.add(10, vector(0), 2);
    graph.setLinks(slot, 2, new int[] {7, 8, 9}, M);
    assertThat(graph.linkCount(slot, 2)).isEqualTo(M);
    assertThat(graph.linkCount(slot, 1)).isZero();
  }

  private int markDeleted(long key) {
    int slot = graph.markDeleted(key);
    assertThat(slot).isNotEqualTo(LongIntMap.ABSENT);
    return slot;
  }

  /** A distinct vector per {@code i}; the graph stores vectors without checking their norm. */
  private static float[] vector(int i) {
    return new float[] {i, i + 0.5f, -i, 1};
  }
}
