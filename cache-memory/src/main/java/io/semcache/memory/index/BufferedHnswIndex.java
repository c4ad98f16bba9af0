package io.semcache.memory.index;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HNSW graph whose puts and removes never wait for it. A write lands in a small exact segment of
 * recent writes (a put's vector; a remove as a tombstone) and in a queue; a background task applies
 * the queue to the graph in batches and then retires the batch's recent entries. Every search scans
 * the graph, skipping keys that have a recent write, and then the recent segment, so a search sees
 * every write that completed before it began (read your writes), and never a removed key.
 *
 * <p>Only the latest write of a key is applied: a put followed by a remove before the graph took the
 * put (a cache that admits and evicts at once) costs the graph nothing.
 *
 * <p><b>Retirement and searches.</b> Retiring a batch makes its keys answer from the graph instead
 * of the recent segment. A search that straddled a retirement may have skipped a key in the graph
 * (still recent then) and then missed it in the segment (retired since), so searches are validated
 * against a retirement sequence, as in a seqlock: a search during which nothing retired is returned;
 * otherwise it is repeated once more, then under a read lock. A retirement never waits for that
 * lock: while a search holds it, the batch stays applied but recent (still answered right) and is
 * retired with a later batch. So a search's {@code accept} may write to this index (a cache that
 * removes a stale key) without deadlock.
 *
 * <p><b>Back-pressure.</b> When more than {@code recentLimit} puts wait for the graph, the putting
 * thread applies a batch itself: the segment every search scans stays small, and a writer outpacing
 * the graph is slowed to the graph's speed instead of growing memory without bound. Removes never
 * wait (a waiting remove holds no vector).
 */
@SuppressWarnings("try") // a GuardedLock.Hold is named only to be closed
final class BufferedHnswIndex implements VectorIndex {

  private static final Logger log = LoggerFactory.getLogger(BufferedHnswIndex.class);

  /** Writes waiting for the graph above which a writer applies a batch itself. */
  static final int DEFAULT_RECENT_LIMIT = 1024;
  /**
   * Writes applied per batch: bounds how long a writer over the limit waits for the batch under way
   * (about 16 inserts into a 100k graph, ~20 ms) before it applies one of its own.
   */
  private static final int BATCH = 16;
  private static final int OPTIMISTIC_TRIES = 2;

  private final HnswVectorIndex graph;
  private final ExactVectorIndex recent;
  private final Executor absorber;
  private final int recentLimit;

  /** The latest write of every key the graph has not yet absorbed; read by searches without lock. */
  private final ConcurrentHashMap<Long, Write> pending = new ConcurrentHashMap<>();

  /** Guards {@link #queue} and {@link #live}, and orders writes of one key with their queueing. */
  private final ReentrantLock writes = new ReentrantLock();
  private final ArrayDeque<Write> queue = new ArrayDeque<>();
  private int live;

  /**
   * Held while a batch is applied to the graph, so batches apply in queue order; and by clear. Fair,
   * so that a writer over the limit is not overtaken batch after batch by the absorber.
   */
  private final ReentrantLock applying = new ReentrantLock(true);
  private final AtomicBoolean absorbScheduled = new AtomicBoolean();
  private volatile boolean rejectionLogged;

  /** Odd while a retirement runs; bumped twice by each. */
  private volatile long retirements;
  /** Retirements take the write lock; searches that lost the optimistic race take the read lock. */
  private final GuardedLock retirementLock = new GuardedLock();

  /** Applied batches whose retirement found a search holding the read lock; guarded by applying. */
  private final List<Write> unretired = new ArrayList<>();
  private volatile boolean retirementDeferred;

  /** A put ({@code vector} non-null) or remove of {@code key}; compared by identity. */
  private static final class Write {
    final long key;
    final float @Nullable [] vector;

    Write(long key, float @Nullable [] vector) {
      this.key = key;
      this.vector = vector;
    }
  }

  /**
   * Wraps {@code graph}, which this index then owns: nothing else may write to it.
   *
   * @param absorber runs the task that applies writes to the graph
   * @param recentLimit writes waiting for the graph above which writers apply them themselves
   */
  BufferedHnswIndex(HnswVectorIndex graph, DotProduct kernel, Executor absorber, int recentLimit) {
    if (recentLimit < 1) {
      throw new IllegalArgumentException(
          "recentLimit: expected a positive integer, got " + recentLimit);
    }
    this.graph = graph;
    this.recent = new ExactVectorIndex(graph.dimension(), kernel);
    this.absorber = absorber;
    this.recentLimit = recentLimit;
    this.live = graph.size();
  }

  @Override
  public int dimension() {
    return graph.dimension();
  }

  @Override
  public int size() {
    writes.lock();
    try {
      return live;
    } finally {
      writes.unlock();
    }
  }

  /** Writes the graph has not absorbed yet; for tests and diagnostics. */
  int waiting() {
    return pending.size();
  }

  /** Live nodes of the graph itself; for tests and diagnostics. */
  int graphSize() {
    return graph.size();
  }

  @Override
  public void put(long key, float[] unitVector) {
    Vectors.requireUnit(unitVector, dimension(), "unitVector");
    write(key, unitVector.clone());
  }

  @Override
  public boolean remove(long key) {
    return write(key, null);
  }

  /** Records a write of {@code key}; returns whether the key was live before it. */
  private boolean write(long key, float @Nullable [] vector) {
    boolean wasLive;
    boolean overLimit;
    writes.lock();
    try {
      Write previous = pending.get(key);
      // With no recent write, the graph's state of the key is final: nothing for it is queued.
      wasLive = previous != null ? previous.vector != null : graph.contains(key);
      if (vector == null && !wasLive) {
        return false;
      }
      Write write = new Write(key, vector);
      if (vector != null) {
        recent.put(key, vector);
      } else {
        recent.remove(key);
      }
      pending.put(key, write);
      queue.add(write);
      overLimit = vector != null && recent.size() > recentLimit;
      live += (vector != null ? 1 : 0) - (wasLive ? 1 : 0);
    } finally {
      writes.unlock();
    }
    if (overLimit) {
      absorbBatch();
    } else {
      scheduleAbsorb();
    }
    return wasLive;
  }

  @Override
  public List<ScoredKey> search(float[] unitQuery, int k, LongPredicate accept) {
    Vectors.requireUnit(unitQuery, dimension(), "unitQuery");
    Vectors.requireK(k);
    for (int attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
      long before = retirements;
      if ((before & 1) == 0) {
        List<ScoredKey> found = searchBoth(unitQuery, k, accept);
        if (retirements == before) {
          return found;
        }
      }
      Thread.onSpinWait();
    }
    List<ScoredKey> found;
    try (GuardedLock.Hold held = retirementLock.read()) {
      found = searchBoth(unitQuery, k, accept);
    }
    if (retirementDeferred) {
      scheduleAbsorb();
    }
    return found;
  }

  /** The graph first, then the recent segment: a key retired in between is caught by validation. */
  private List<ScoredKey> searchBoth(float[] query, int k, LongPredicate accept) {
    List<ScoredKey> fromGraph =
        graph.search(query, k, key -> !pending.containsKey(key) && accept.test(key));
    if (pending.isEmpty()) {
      return fromGraph;
    }
    List<ScoredKey> fromRecent = recent.search(query, k, accept);
    if (fromRecent.isEmpty()) {
      return fromGraph;
    }
    // A key written during the search can come from both; its recent vector is the newer one.
    Map<Long, ScoredKey> byKey = new LinkedHashMap<>();
    for (ScoredKey hit : fromRecent) {
      byKey.put(hit.key(), hit);
    }
    for (ScoredKey hit : fromGraph) {
      byKey.putIfAbsent(hit.key(), hit);
    }
    List<ScoredKey> merged = new ArrayList<>(byKey.values());
    merged.sort((a, b) -> Float.compare(b.score(), a.score()));
    return merged.size() > k ? new ArrayList<>(merged.subList(0, k)) : merged;
  }

  @Override
  public float @Nullable [] vector(long key) {
    Write write = pending.get(key);
    if (write != null) {
      return write.vector == null ? null : write.vector.clone();
    }
    return graph.vector(key);
  }

  @Override
  public void clear() {
    applying.lock();
    try (GuardedLock.Hold held = retirementLock.write()) {
      writes.lock();
      try {
        retirements++;
        queue.clear();
        pending.clear();
        recent.clear();
        graph.clear();
        unretired.clear();
        retirementDeferred = false;
        live = 0;
        retirements++;
      } finally {
        writes.unlock();
      }
    } finally {
      applying.unlock();
    }
  }

  /**
   * Passes each live (key, vector) pair to {@code consumer}; writes made meanwhile may or may not be
   * seen. Waits for nothing the graph does, so it may run inside a search's {@code accept}.
   */
  void forEach(KeyVectorConsumer consumer) {
    writes.lock();
    try {
      // With the writes lock held nothing retires, so a key is either recent or final in the graph.
      graph.forEach((key, vector) -> {
        if (!pending.containsKey(key)) {
          consumer.accept(key, vector);
        }
      });
      for (Write write : pending.values()) {
        if (write.vector != null) {
          consumer.accept(write.key, write.vector.clone());
        }
      }
    } finally {
      writes.unlock();
    }
  }

  private void scheduleAbsorb() {
    if (!absorbScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      absorber.execute(this::absorbAll);
    } catch (RejectedExecutionException e) {
      absorbScheduled.set(false);
      if (!rejectionLogged) {
        rejectionLogged = true;
        log.warn("Vector index: the executor rejected the graph's write absorber; writers apply"
            + " their writes themselves while it does", e);
      }
      absorbBatch();
    }
  }

  private void absorbAll() {
    while (true) {
      while (absorbBatch()) {
        // until the queue is empty
      }
      absorbScheduled.set(false);
      if (!hasQueued() || !absorbScheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }

  private boolean hasQueued() {
    writes.lock();
    try {
      return !queue.isEmpty();
    } finally {
      writes.unlock();
    }
  }

  /** Applies up to one batch of queued writes to the graph and retires them; false if none. */
  private boolean absorbBatch() {
    applying.lock();
    try {
      List<Write> batch = new ArrayList<>(BATCH);
      writes.lock();
      try {
        while (batch.size() < BATCH && !queue.isEmpty()) {
          Write write = queue.poll();
          // A superseded write is skipped: its key's latest write is further down the queue.
          if (pending.get(write.key) == write) {
            batch.add(write);
          }
        }
      } finally {
        writes.unlock();
      }
      if (batch.isEmpty()) {
        retire(batch); // a deferred retirement, if any
        return false;
      }
      for (int i = 0; i < batch.size(); i++) {
        Write write = batch.get(i);
        try {
          if (write.vector != null) {
            graph.put(write.key, write.vector);
          } else {
            graph.remove(write.key);
          }
        } catch (RuntimeException e) {
          // The write stays recent, so searches still answer it right; the graph never absorbs it.
          log.error("Vector index: the graph failed to absorb a write; it stays in the recent segment",
              e);
          batch.set(i, null);
        }
      }
      retire(batch);
      return true;
    } finally {
      applying.unlock();
    }
  }

  /**
   * Makes the batch's keys (and any batch whose retirement was deferred) answer from the graph,
   * unless a newer write of a key came meanwhile. Called with {@link #applying} held.
   */
  private void retire(List<@Nullable Write> batch) {
    for (Write write : batch) {
      if (write != null) {
        unretired.add(write);
      }
    }
    if (unretired.isEmpty()) {
      return;
    }
    GuardedLock.Hold held = retirementLock.tryWrite();
    if (held == null) {
      // A search holds the read lock, perhaps this very thread: keep the batch recent for now.
      retirementDeferred = true;
      return;
    }
    try (held) {
      writes.lock();
      try {
        retirements++;
        for (Write write : unretired) {
          if (pending.remove(write.key, write) && write.vector != null) {
            recent.remove(write.key);
          }
        }
        retirements++;
      } finally {
        writes.unlock();
      }
      unretired.clear();
      retirementDeferred = false;
    }
  }
}
