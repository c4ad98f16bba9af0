package io.semcache.memory.index;

import static io.semcache.memory.index.HnswGraph.DELETED;
import static io.semcache.memory.index.HnswGraph.FREE;
import static io.semcache.memory.index.HnswGraph.LIVE;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Approximate search on a hierarchical navigable small-world graph (Malkov and Yashunin, 2016), with
 * deletion. This class holds the algorithms (insert, search, repair); the graph itself is stored in
 * an {@link HnswGraph}.
 *
 * <p><b>Deletion.</b> {@link #remove} turns the node into a tombstone: it still routes searches but is
 * never returned nor chosen as a new neighbour. Every removal then repairs a bounded slice of the
 * graph: a sweep walks all slots, 64 per removal, and replaces each live node's edges to tombstones
 * with the best of the tombstones' own neighbours (the FreshDiskANN rule), chosen by the HNSW
 * diversity heuristic. When a sweep pass ends, no live node points at a tombstone that existed when
 * the pass began, so those slots are freed and reused by later puts. Tombstones therefore stay at a
 * few percent of the graph, and nothing is ever rebuilt.
 *
 * <p><b>Concurrency.</b> Searches share a read lock. A put finds its neighbours under the read lock
 * too (the expensive part, so concurrent puts search in parallel) and takes the write lock only to
 * link the node; candidates whose slot was freed or reused in between are recognised by a per-slot
 * generation and dropped. Removals and the sweep run under the write lock.
 */
@SuppressWarnings("try") // a GuardedLock.Hold is named only to be closed
final class HnswVectorIndex extends FilteringSearch {

  /** Slots the deletion sweep examines per removal. */
  private static final int SWEEP_SLOTS_PER_REMOVE = 64;
  /** Above this share of live nodes wanted, a linear scan beats the graph. */
  private static final int SCAN_WHEN_WANT_EXCEEDS_LIVE_DIVIDED_BY = 8;
  private static final int MAX_LEVEL = 30;
  private static final int CACHE_LINE = 64;

  private final int dimension;
  private final int efConstruction;
  private final HnswOptions searchOptions;
  private final double levelMultiplier;
  private final DotProduct kernel;
  /** Scores the search walk from int8 codes (then re-ranks in float); null to walk floats. */
  private final @Nullable Int8DotProduct walkKernel;
  private final @Nullable QuantizedRows codes;
  private final AtomicLong levelSeed;
  private final GuardedLock lock = new GuardedLock();
  /**
   * Search buffers not in use. A search borrows one and gives it back, so there are as many as
   * searches ever ran at once (not one per thread that ever searched), each with visit marks sized
   * to this index's slots. A put links with the buffers it planned with, so they are warm in cache.
   */
  private final ConcurrentLinkedQueue<Scratch> idleScratch = new ConcurrentLinkedQueue<>();

  // Everything below is guarded by lock.
  private final HnswGraph graph;
  /** The graph's vectors; the same store for the graph's life, held here for the search loops. */
  private final VectorStore vectors;

  /** Tombstones that existed when the current sweep pass began; freed when it ends. */
  private IntList sweepDue;
  /** Tombstones made since the current sweep pass began. */
  private IntList sweepNext;
  private boolean sweeping;
  private int sweepCursor;
  /** For tests: score the whole beam in floats, as before {@link #rerank} used its bound. */
  boolean rerankWholeBeam;

  HnswVectorIndex(int dimension, HnswOptions options, DotProduct kernel, long seed) {
    Vectors.requireDimension(dimension);
    this.dimension = dimension;
    this.efConstruction = options.efConstruction();
    this.searchOptions = options;
    this.levelMultiplier = 1 / Math.log(options.m());
    this.kernel = kernel;
    this.walkKernel = DotProducts.int8ForWalk(dimension);
    this.levelSeed = new AtomicLong(seed);
    this.graph = new HnswGraph(dimension, options.m(), walkKernel != null);
    this.vectors = graph.vectors();
    this.codes = graph.codes();
    resetSweep();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    try (GuardedLock.Hold held = lock.read()) {
      return graph.liveCount();
    }
  }

  /** Tombstones not yet freed; for tests and diagnostics. */
  int tombstones() {
    try (GuardedLock.Hold held = lock.read()) {
      return sweepDue.size() + sweepNext.size();
    }
  }

  /** Slots ever allocated (live, tombstoned or free); for tests and diagnostics. */
  int slotsInUse() {
    try (GuardedLock.Hold held = lock.read()) {
      return graph.slotsInUse();
    }
  }

  @Override
  public void put(long key, float[] unitVector) {
    Vectors.requireUnit(unitVector, dimension, "unitVector");
    float[] vector = unitVector.clone();
    int level = randomLevel();
    InsertPlan plan;
    Scratch scratch = borrowScratch();
    try {
      try (GuardedLock.Hold held = lock.read()) {
        plan = plan(vector, level, scratch);
      }
      try (GuardedLock.Hold held = lock.write()) {
        putLocked(key, vector, level, plan, scratch);
      }
    } finally {
      idleScratch.offer(scratch);
    }
  }

  /** The write-locked half of {@link #put}: replaces any old node of the key, links the new one. */
  private void putLocked(long key, float[] vector, int level, InsertPlan plan, Scratch scratch) {
    boolean replaced = markDeleted(key);
    if (plan == null || plan.entryPoint != graph.entryPoint()
        || plan.maxLevel != graph.maxLevel()) {
      // The graph's top changed while we searched (rare): search again, now under the write lock.
      plan = plan(vector, level, scratch);
    }
    link(key, vector, level, plan, scratch);
    if (replaced) {
      sweepStep(scratch);
    }
  }

  @Override
  public boolean remove(long key) {
    Scratch scratch = borrowScratch();
    try (GuardedLock.Hold held = lock.write()) {
      if (!markDeleted(key)) {
        return false;
      }
      sweepStep(scratch);
      return true;
    } finally {
      idleScratch.offer(scratch);
    }
  }

  /** Whether a vector is stored under {@code key}. */
  boolean contains(long key) {
    try (GuardedLock.Hold held = lock.read()) {
      return graph.contains(key);
    }
  }

  @Override
  public float @Nullable [] vector(long key) {
    try (GuardedLock.Hold held = lock.read()) {
      return graph.vectorOf(key);
    }
  }

  @Override
  public void clear() {
    try (GuardedLock.Hold held = lock.write()) {
      graph.clear();
      resetSweep();
    }
  }

  /** Passes every live (key, vector) pair to {@code consumer}. */
  void forEach(KeyVectorConsumer consumer) {
    try (GuardedLock.Hold held = lock.read()) {
      graph.forEachLive(consumer);
    }
  }

  @Override
  Candidates nearest(float[] query, int want) {
    try (GuardedLock.Hold held = lock.read()) {
      int liveCount = graph.liveCount();
      if (liveCount == 0) {
        return Candidates.none();
      }
      if (want >= liveCount / SCAN_WHEN_WANT_EXCEEDS_LIVE_DIVIDED_BY) {
        return scan(query, want);
      }
      Scratch scratch = borrowScratch();
      try {
        int ef = Math.max(searchOptions.searchBeam(liveCount), want);
        scratch.walkCodes = walkKernel != null && scratch.quantize(query);
        int start = descend(query, graph.entryPoint(), graph.maxLevel(), 0, scratch);
        scratch.entries[0] = start;
        scratch.entryScores[0] = score(query, start, scratch);
        searchLayer(query, scratch.entries, scratch.entryScores, 1, ef, 0, scratch);
        NodeHeap results = scratch.results;
        if (scratch.walkCodes) {
          results = rerank(query, results, want, scratch);
        }
        // Only the best `want` are asked for; the rest of the beam is dropped unsorted.
        while (results.size() > want) {
          results.pop();
        }
        return Candidates.drain(results, graph.keysBySlot(), liveCount);
      } finally {
        scratch.walkCodes = false;
        idleScratch.offer(scratch);
      }
    }
  }

  /**
   * The best {@code want} of the walk's beam by float score. The walk ranked by codes; a node's
   * float score is at most its code score plus its {@link ScoreBound slack}, so a node whose upper
   * bound stays below the {@code want}-th best lower bound, or below the {@code want}-th best float
   * score found so far, cannot be among them and is not scored in floats. The result is that of
   * scoring the whole beam in the same order.
   */
  private NodeHeap rerank(float[] query, NodeHeap beam, int want, Scratch scratch) {
    int count = beam.size();
    scratch.ensureBeam(count);
    int[] nodes = scratch.beamNodes;
    float[] uppers = scratch.beamUppers;
    NodeHeap lowers = scratch.candidates; // the walk is done with it
    lowers.clear();
    ScoreBound bound = Objects.requireNonNull(scratch.bound);
    for (int i = 0; i < count; i++) {
      int node = beam.topNode();
      float slack = bound.slack(codes.error(node));
      nodes[i] = node;
      uppers[i] = beam.topScore() + slack;
      lowers.offer(beam.topScore() - slack, node, want);
      beam.pop();
    }
    float threshold = lowers.size() < want ? Float.NEGATIVE_INFINITY : lowers.topScore();
    NodeHeap exact = scratch.pool;
    exact.clear();
    // Best code score first, so that the float scores' own want-th best soon rules out more.
    for (int i = count - 1; i >= 0; i--) {
      boolean cannotWin = uppers[i] < threshold
          || (exact.size() == want && uppers[i] < exact.topScore());
      if (!cannotWin || rerankWholeBeam) {
        exact.offer(vectors.dot(kernel, query, nodes[i]), nodes[i], want);
      }
    }
    return exact;
  }

  private Candidates scan(float[] query, int want) {
    NodeHeap best = new NodeHeap(Math.min(want, 1024));
    for (int slot = 0, end = graph.highWater(); slot < end; slot++) {
      if (graph.isLive(slot)) {
        best.offer(vectors.dot(kernel, query, slot), slot, want);
      }
    }
    return Candidates.drain(best, graph.keysBySlot(), graph.liveCount());
  }

  // ---- insertion -------------------------------------------------------------------------------

  /** Neighbour candidates per level for a new node, found before it is linked. */
  private static final class InsertPlan {
    final int entryPoint;
    final int maxLevel;
    final int[][] nodes;
    final float[][] scores;
    final int[][] generations;

    InsertPlan(int entryPoint, int maxLevel, int levels) {
      this.entryPoint = entryPoint;
      this.maxLevel = maxLevel;
      this.nodes = new int[levels][];
      this.scores = new float[levels][];
      this.generations = new int[levels][];
    }
  }

  /** Searches the graph for the new node's neighbours; null when the graph is empty. */
  private InsertPlan plan(float[] vector, int level, Scratch scratch) {
    int entryPoint = graph.entryPoint();
    if (entryPoint < 0) {
      return null;
    }
    int maxLevel = graph.maxLevel();
    int top = Math.min(level, maxLevel);
    InsertPlan plan = new InsertPlan(entryPoint, maxLevel, top + 1);
    // The walk may use codes, as a search does; the neighbour selection then gets float scores.
    scratch.walkCodes = walkKernel != null && scratch.quantize(vector);
    try {
      planLevels(vector, top, plan, scratch);
    } finally {
      scratch.walkCodes = false;
    }
    return plan;
  }

  private void planLevels(float[] vector, int top, InsertPlan plan, Scratch scratch) {
    int start = descend(vector, plan.entryPoint, plan.maxLevel, top, scratch);
    scratch.entries[0] = start;
    scratch.entryScores[0] = vectors.dot(kernel, vector, start);
    int entryCount = 1;
    for (int l = top; l >= 0; l--) {
      searchLayer(vector, scratch.entries, scratch.entryScores, entryCount, efConstruction, l,
          scratch);
      int count = scratch.results.size();
      int[] nodes = new int[count];
      float[] scores = new float[count];
      scratch.results.drainDescending(nodes, scores);
      if (scratch.walkCodes) {
        rescoreDescending(vector, nodes, scores, scratch);
      }
      int[] generations = new int[count];
      for (int i = 0; i < count; i++) {
        generations[i] = graph.generation(nodes[i]);
      }
      plan.nodes[l] = nodes;
      plan.scores[l] = scores;
      plan.generations[l] = generations;
      if (count > 0) {
        scratch.ensureEntries(count);
        System.arraycopy(nodes, 0, scratch.entries, 0, count);
        System.arraycopy(scores, 0, scratch.entryScores, 0, count);
        entryCount = count;
      }
    }
  }

  /** Replaces the walk's scores of {@code nodes} by float scores, best first (insertion sort). */
  private void rescoreDescending(float[] vector, int[] nodes, float[] scores, Scratch scratch) {
    int touched = 0;
    for (int node : nodes) {
      touched += touchFloats(node);
    }
    scratch.touched = touched;
    for (int i = 0; i < nodes.length; i++) {
      int node = nodes[i];
      float score = vectors.dot(kernel, vector, node);
      int j = i;
      for (; j > 0 && scores[j - 1] < score; j--) {
        nodes[j] = nodes[j - 1];
        scores[j] = scores[j - 1];
      }
      nodes[j] = node;
      scores[j] = score;
    }
  }

  /** Stores the node and connects it; runs under the write lock. */
  private void link(long key, float[] vector, int level, InsertPlan plan, Scratch scratch) {
    int slot = graph.add(key, vector, level);
    if (plan == null) {
      graph.setEntryPoint(slot, level);
      return;
    }
    for (int l = Math.min(level, plan.maxLevel); l >= 0; l--) {
      int[] nodes = plan.nodes[l];
      float[] scores = plan.scores[l];
      int[] generations = plan.generations[l];
      int kept = 0;
      for (int i = 0; i < nodes.length; i++) {
        int node = nodes[i];
        if (node != slot && graph.isLive(node) && graph.generation(node) == generations[i]
            && graph.level(node) >= l) {
          nodes[kept] = node;
          scores[kept] = scores[i];
          kept++;
        }
      }
      int[] chosen = selectDiverse(nodes, scores, kept, graph.maxDegree(l));
      if (chosen.length == 0 && graph.liveCount() > 1) {
        chosen = relink(slot, l, scratch); // every candidate was removed while we searched
      }
      graph.setLinks(slot, l, chosen, chosen.length);
      for (int neighbour : chosen) {
        addLink(neighbour, slot, l, scratch);
      }
    }
    if (level > graph.maxLevel() || graph.linkCount(slot, 0) == 0) {
      // A node without neighbours is reachable only as the entry point; it has none only when no
      // other live node was found, so the old entry leads to tombstones alone.
      graph.setEntryPoint(slot, level);
    }
  }

  /**
   * Adds an edge {@code from -> to} at {@code level}. When {@code from} is full, its edges are chosen
   * again among the old ones and the new one by {@link #selectDiverse}. (A cheaper rule that drops a
   * single edge, as Lucene does, cost 1 to 2 points of top-1 agreement at 100k entries in our
   * measurements, so the full re-selection stays.)
   */
  private void addLink(int from, int to, int level, Scratch scratch) {
    int[] links = graph.links(from, level);
    int base = graph.linksBase(from, level);
    int count = links[base];
    int capacity = graph.maxDegree(level);
    if (count < capacity) {
      links[base + 1 + count] = to;
      links[base] = count + 1;
      return;
    }
    NodeHeap pool = scratch.pool;
    pool.clear();
    for (int i = 0; i < count; i++) {
      int neighbour = links[base + 1 + i];
      if (graph.isLive(neighbour)) {
        pool.push(vectors.dot(kernel, from, neighbour), neighbour);
      }
    }
    pool.push(vectors.dot(kernel, from, to), to);
    int[] chosen = selectDiverse(pool, capacity);
    graph.setLinks(from, level, chosen, chosen.length);
  }

  /** {@link #selectDiverse(int[], float[], int, int)} over the candidates in {@code pool}, emptying it. */
  private int[] selectDiverse(NodeHeap pool, int capacity) {
    int size = pool.size();
    int[] nodes = new int[size];
    float[] scores = new float[size];
    pool.drainDescending(nodes, scores);
    return selectDiverse(nodes, scores, size, capacity);
  }

  /**
   * The HNSW neighbour-selection heuristic: walking candidates from nearest to farthest, keep one
   * only if it is closer to the base node than to every neighbour kept so far, so that edges point
   * in different directions rather than all into the nearest cluster.
   */
  private int[] selectDiverse(int[] nodes, float[] scores, int count, int capacity) {
    int[] chosen = new int[Math.min(count, capacity)];
    int chosenCount = 0;
    for (int i = 0; i < count && chosenCount < chosen.length; i++) {
      int candidate = nodes[i];
      boolean diverse = true;
      for (int j = 0; j < chosenCount; j++) {
        if (vectors.dot(kernel, candidate, chosen[j]) > scores[i]) {
          diverse = false;
          break;
        }
      }
      if (diverse) {
        chosen[chosenCount++] = candidate;
      }
    }
    return chosenCount == chosen.length ? chosen : Arrays.copyOf(chosen, chosenCount);
  }

  private int randomLevel() {
    // SplitMix64 over a shared counter: thread-safe, and deterministic for a given insertion order.
    long z = levelSeed.addAndGet(0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    double uniform = ((z >>> 11) + 1) * 0x1.0p-53;
    return (int) Math.min(MAX_LEVEL, Math.floor(-Math.log(uniform) * levelMultiplier));
  }

  // ---- search ----------------------------------------------------------------------------------

  /**
   * The walk's score of {@code slot}: from the int8 codes when the search walks codes (an estimate
   * within about 0.01 of the float score), else the float dot product.
   */
  private float score(float[] query, int slot, Scratch scratch) {
    if (scratch.walkCodes) {
      return codes.scale(slot) * scratch.queryScale * walkKernel.dot(scratch.queryCodes,
          codes.chunk(slot), codes.offset(slot), dimension);
    }
    return vectors.dot(kernel, query, slot);
  }

  /** Greedy walk from {@code start} at {@code fromLevel} down to {@code toLevel} (exclusive). */
  private int descend(float[] query, int start, int fromLevel, int toLevel, Scratch scratch) {
    int current = start;
    float currentScore = score(query, current, scratch);
    for (int level = fromLevel; level > toLevel; level--) {
      if (graph.level(current) < level) {
        continue;
      }
      boolean moved = true;
      while (moved) {
        moved = false;
        int[] links = graph.links(current, level);
        int base = graph.linksBase(current, level);
        for (int i = 1, count = links[base]; i <= count; i++) {
          int neighbour = links[base + i];
          if (graph.state(neighbour) == FREE || graph.level(neighbour) < level) {
            continue;
          }
          float score = score(query, neighbour, scratch);
          if (score > currentScore) {
            current = neighbour;
            currentScore = score;
            moved = true;
          }
        }
      }
    }
    return current;
  }

  /**
   * Best-first search of one level, leaving the best {@code ef} live nodes in {@code
   * scratch.results}. Tombstones are traversed but never become results.
   */
  private void searchLayer(float[] query, int[] entries, float[] entryScores, int entryCount,
      int ef, int level, Scratch scratch) {
    char[] visited = scratch.beginVisit(graph.highWater());
    char epoch = scratch.epoch;
    NodeHeap candidates = scratch.candidates; // max-heap through negated scores
    NodeHeap results = scratch.results;
    candidates.clear();
    results.clear();
    for (int i = 0; i < entryCount; i++) {
      int entry = entries[i];
      if (visited[entry] != epoch) {
        visited[entry] = epoch;
        candidates.push(-entryScores[i], entry);
        if (graph.isLive(entry)) {
          results.offer(entryScores[i], entry, ef);
        }
      }
    }
    while (!candidates.isEmpty()) {
      float bestScore = -candidates.topScore();
      int best = candidates.topNode();
      if (results.size() >= ef && bestScore < results.topScore()) {
        break;
      }
      candidates.pop();
      int[] links = graph.links(best, level);
      int base = graph.linksBase(best, level);
      // First the unvisited neighbours, each one's codes touched as it is found, then their scores.
      int[] batch = scratch.batch;
      int found = 0;
      int touched = 0;
      for (int i = 1, count = links[base]; i <= count; i++) {
        int neighbour = links[base + i];
        if (visited[neighbour] == epoch) {
          continue;
        }
        visited[neighbour] = epoch;
        byte state = graph.state(neighbour);
        if (state == FREE || (level > 0 && graph.level(neighbour) < level)) {
          continue;
        }
        batch[found++] = neighbour;
        touched += touchCodes(neighbour, scratch);
      }
      if (!candidates.isEmpty()) {
        // The likely next node to expand, unless one of these neighbours beats it.
        touched += touchLinks(candidates.topNode(), level);
      }
      scratch.touched = touched;
      for (int i = 0; i < found; i++) {
        int neighbour = batch[i];
        float score = score(query, neighbour, scratch);
        if (results.size() < ef || score > results.topScore()) {
          candidates.push(-score, neighbour);
          if (graph.state(neighbour) == LIVE) {
            results.offer(score, neighbour, ef);
          }
        }
      }
    }
  }

  // Java has no prefetch instruction, so these read one element of each cache line that a later
  // step will read: the loads start now and overlap, instead of costing one memory latency each
  // when that step gets there. The sums they return only keep the reads from being optimised away.

  /** Touches the int8 codes of {@code slot} that its walk score reads, when the walk uses codes. */
  private int touchCodes(int slot, Scratch scratch) {
    if (!scratch.walkCodes) {
      return 0;
    }
    byte[] chunk = codes.chunk(slot);
    int sum = 0;
    for (int at = codes.offset(slot), end = at + dimension; at < end; at += CACHE_LINE) {
      sum += chunk[at];
    }
    return sum;
  }

  /** Touches the float row of {@code slot}. */
  private int touchFloats(int slot) {
    float[] chunk = vectors.chunk(slot);
    float sum = 0;
    for (int at = vectors.offset(slot), end = at + dimension; at < end; at += CACHE_LINE / 4) {
      sum += chunk[at];
    }
    return Float.floatToRawIntBits(sum);
  }

  /** Touches the adjacency of {@code slot} at {@code level}. */
  private int touchLinks(int slot, int level) {
    int[] links = graph.links(slot, level);
    int sum = 0;
    for (int at = graph.linksBase(slot, level), end = at + links[at] + 1; at < end;
        at += CACHE_LINE / 4) {
      sum += links[at];
    }
    return sum;
  }

  // ---- deletion --------------------------------------------------------------------------------

  /** Makes {@code key}'s node a tombstone due for the sweep; false if the key has none. */
  private boolean markDeleted(long key) {
    int slot = graph.markDeleted(key);
    if (slot == LongIntMap.ABSENT) {
      return false;
    }
    sweepNext.add(slot);
    return true;
  }

  /** Advances the repair sweep by a bounded number of slots; runs under the write lock. */
  private void sweepStep(Scratch scratch) {
    if (!sweeping) {
      if (sweepNext.size() == 0) {
        return;
      }
      IntList due = sweepDue;
      sweepDue = sweepNext;
      sweepNext = due;
      sweepNext.clear();
      sweepCursor = 0;
      sweeping = true;
    }
    int end = Math.min(graph.highWater(), sweepCursor + SWEEP_SLOTS_PER_REMOVE);
    for (int slot = sweepCursor; slot < end; slot++) {
      if (graph.isLive(slot)) {
        for (int level = graph.level(slot); level >= 0; level--) {
          repair(slot, level, scratch);
        }
      }
    }
    sweepCursor = end;
    if (sweepCursor >= graph.highWater()) {
      for (int i = 0; i < sweepDue.size(); i++) {
        graph.free(sweepDue.get(i));
      }
      sweepDue.clear();
      sweeping = false;
    }
  }

  /** Replaces {@code slot}'s edges to tombstones at {@code level} with the tombstones' neighbours. */
  private void repair(int slot, int level, Scratch scratch) {
    int[] links = graph.links(slot, level);
    int base = graph.linksBase(slot, level);
    int count = links[base];
    boolean damaged = false;
    for (int i = 1; i <= count; i++) {
      int neighbour = links[base + i];
      if (!graph.isLive(neighbour) || graph.level(neighbour) < level) {
        damaged = true;
        break;
      }
    }
    if (!damaged) {
      return;
    }
    IntSet seen = scratch.seen;
    NodeHeap pool = scratch.pool;
    seen.clear();
    pool.clear();
    seen.add(slot);
    for (int i = 1; i <= count; i++) {
      int neighbour = links[base + i];
      byte state = graph.state(neighbour);
      if (state == LIVE && graph.level(neighbour) >= level) {
        if (seen.add(neighbour)) {
          pool.push(vectors.dot(kernel, slot, neighbour), neighbour);
        }
      } else if (state == DELETED && graph.level(neighbour) >= level) {
        int[] theirs = graph.links(neighbour, level);
        int theirBase = graph.linksBase(neighbour, level);
        for (int j = 1, theirCount = theirs[theirBase]; j <= theirCount; j++) {
          int candidate = theirs[theirBase + j];
          if (graph.isLive(candidate) && graph.level(candidate) >= level && seen.add(candidate)) {
            pool.push(vectors.dot(kernel, slot, candidate), candidate);
          }
        }
      }
    }
    int[] chosen = selectDiverse(pool, graph.maxDegree(level));
    if (chosen.length == 0 && graph.liveCount() > 1) {
      // Every neighbour and every neighbour's neighbour is gone: find new ones through the graph.
      chosen = relink(slot, level, scratch);
    }
    graph.setLinks(slot, level, chosen, chosen.length);
  }

  private int[] relink(int slot, int level, Scratch scratch) {
    if (graph.entryPoint() < 0 || level > graph.maxLevel()) {
      return new int[0];
    }
    float[] vector = vectors.get(slot);
    int start = descend(vector, graph.entryPoint(), graph.maxLevel(), level, scratch);
    scratch.entries[0] = start;
    scratch.entryScores[0] = vectors.dot(kernel, vector, start);
    searchLayer(vector, scratch.entries, scratch.entryScores, 1, efConstruction, level, scratch);
    int count = scratch.results.size();
    int[] nodes = new int[count];
    float[] scores = new float[count];
    scratch.results.drainDescending(nodes, scores);
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (nodes[i] != slot) {
        nodes[kept] = nodes[i];
        scores[kept] = scores[i];
        kept++;
      }
    }
    return selectDiverse(nodes, scores, kept, graph.maxDegree(level));
  }

  private void resetSweep() {
    sweepDue = new IntList();
    sweepNext = new IntList();
    sweeping = false;
    sweepCursor = 0;
  }

  private Scratch borrowScratch() {
    Scratch scratch = idleScratch.poll();
    return scratch != null ? scratch : new Scratch(graph.maxDegree(0));
  }

  /** Buffers for one search at a time, so a search allocates little beyond its result. */
  private static final class Scratch {
    /**
     * Visit marks, one per slot: a slot is visited in the current search when its mark equals
     * {@link #epoch}. Starting a search bumps the epoch instead of clearing anything; the marks are
     * zeroed only when the 16-bit epoch wraps, once per 65,535 searches.
     */
    char[] visited = new char[0];
    char epoch;
    final NodeHeap candidates = new NodeHeap(256);
    final NodeHeap results = new NodeHeap(256);
    final IntSet seen = new IntSet();
    final NodeHeap pool = new NodeHeap(64);
    /** A node's unvisited neighbours, gathered before they are scored. */
    final int[] batch;
    /** Where the touching reads go (see {@link #touchCodes}); never read. */
    int touched;
    int[] entries = new int[256];
    float[] entryScores = new float[256];
    /** Whether this search walks int8 codes; set per search. */
    boolean walkCodes;
    short[] queryCodes = new short[0];
    byte[] queryBytes = new byte[0];
    float queryScale;
    /** How far the walk's code scores can be from float scores; set with the codes. */
    @Nullable ScoreBound bound;
    /** The beam as {@link #rerank} reads it: nodes and the upper bounds of their scores. */
    int[] beamNodes = new int[256];
    float[] beamUppers = new float[256];

    /** Quantizes {@code query} into {@link #queryCodes}; false for a zero vector (walk floats). */
    boolean quantize(float[] query) {
      if (queryBytes.length != query.length) {
        queryBytes = new byte[query.length];
        queryCodes = new short[query.length];
      }
      queryScale = Int8Quantizer.scale(query, Int8DotProduct.MAX_QUERY_CODE);
      float error =
          Int8Quantizer.quantize(query, queryScale, Int8DotProduct.MAX_QUERY_CODE, queryBytes, 0);
      bound = new ScoreBound(query, error);
      for (int i = 0; i < query.length; i++) {
        queryCodes[i] = queryBytes[i];
      }
      return queryScale > 0;
    }

    /** Marks for slots {@code [0, slots)}, none of them visited under the returned epoch. */
    char[] beginVisit(int slotCount) {
      if (visited.length < slotCount) {
        visited = new char[Math.max(slotCount, visited.length + (visited.length >>> 1))];
        epoch = 0;
      }
      epoch++;
      if (epoch == 0) {
        Arrays.fill(visited, (char) 0);
        epoch = 1;
      }
      return visited;
    }

    Scratch(int maxDegree) {
      batch = new int[maxDegree];
    }

    void ensureBeam(int count) {
      if (beamNodes.length < count) {
        beamNodes = new int[count];
        beamUppers = new float[count];
      }
    }

    void ensureEntries(int count) {
      if (entries.length < count) {
        entries = new int[count];
        entryScores = new float[count];
      }
    }
  }
}
