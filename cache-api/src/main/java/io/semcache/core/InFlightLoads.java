package io.semcache.core;

import io.semcache.Embedding;
import io.semcache.Partition;
import io.semcache.Response;
import io.semcache.SimilarityThreshold;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The loads get-or-load is running, so that a concurrent call whose prompt matches a pending one
 * waits for it instead of calling the LLM again.
 *
 * <p>A race remains between a caller's store lookup and its check here: the load it should have
 * seen may finish in between (stored after the lookup looked, unregistered before the check). Each
 * finished load therefore gets a sequence number; a caller that saw sequence {@code s} before its
 * lookup and finds a load of its partition finished after {@code s} looks up again. Only misses
 * come here, so one lock is enough.
 */
final class InFlightLoads {

  /** How many finished loads are remembered for the race check above. */
  private static final int RECENT_COMPLETIONS = 1024;

  private final Map<Partition, List<Pending>> pendingByPartition = new HashMap<>();
  private final ArrayDeque<Completion> recentCompletions = new ArrayDeque<>();
  private volatile long completionSequence;

  /**
   * A load in progress; its future completes with the loaded response or the loader's failure. A
   * streamed load also has the log of its chunks, which joiners read from the first chunk.
   */
  static final class Pending {
    final Partition partition;
    final String prompt;
    final @Nullable Embedding embedding;
    final @Nullable ChunkLog log;
    final CompletableFuture<Response> result = new CompletableFuture<>();

    Pending(Partition partition, String prompt, @Nullable Embedding embedding,
        @Nullable ChunkLog log) {
      this.partition = partition;
      this.prompt = prompt;
      this.embedding = embedding;
      this.log = log;
    }
  }

  /** What a missed get-or-load does next. */
  sealed interface Decision {}

  /** Wait for this pending load, or read its chunks when it is streamed. */
  record Join(CompletableFuture<Response> result, @Nullable ChunkLog log) implements Decision {}

  /** Run the loader; call {@link #finished} when done. */
  record Lead(Pending pending) implements Decision {}

  /** A matching load finished since the caller's lookup: look up again. */
  record LookUpAgain() implements Decision {}

  private record Completion(long sequence, Partition partition) {}

  /** Read before the store lookup; pass to {@link #joinOrLead}. */
  long sequence() {
    return completionSequence;
  }

  /**
   * Joins a pending load whose prompt is identical, or whose embedding is at least {@code
   * threshold} similar to {@code embedding}; otherwise registers a new pending load for the caller
   * to lead, or, when not {@code joinable}, lets it lead a load no one else can join.
   *
   * @param embedding the prompt's embedding, or null to match on identical text only
   * @param log the chunk log of the caller's load if it is streamed and leads
   */
  synchronized Decision joinOrLead(Partition partition, String prompt,
      @Nullable Embedding embedding, SimilarityThreshold threshold, long sequenceSeen,
      boolean joinable, PendingMatch verified, @Nullable ChunkLog log) {
    if (finishedSince(partition, sequenceSeen)) {
      return new LookUpAgain();
    }
    List<Pending> pending = pendingByPartition.computeIfAbsent(partition, p -> new ArrayList<>(2));
    for (Pending load : pending) {
      if (load.prompt.equals(prompt)) {
        return new Join(load.result, load.log);
      }
      double similarity = similarity(embedding, load.embedding);
      if (threshold.accepts(similarity) && verified.accepts(load.prompt, similarity)) {
        return new Join(load.result, load.log);
      }
    }
    Pending lead = new Pending(partition, prompt, embedding, log);
    if (joinable) {
      pending.add(lead);
    } else if (pending.isEmpty()) {
      pendingByPartition.remove(partition);
    }
    return new Lead(lead);
  }

  /** Unregisters a load after its result was stored and its future completed. */
  synchronized void finished(Pending load) {
    List<Pending> pending = pendingByPartition.get(load.partition);
    if (pending != null) {
      pending.remove(load);
      if (pending.isEmpty()) {
        pendingByPartition.remove(load.partition);
      }
    }
    long sequence = completionSequence + 1;
    recentCompletions.addLast(new Completion(sequence, load.partition));
    if (recentCompletions.size() > RECENT_COMPLETIONS) {
      recentCompletions.removeFirst();
    }
    completionSequence = sequence;
  }

  /** Unregisters a load early, so no one new joins it; {@link #finished} still follows. */
  synchronized void closeToJoiners(Pending load) {
    List<Pending> pending = pendingByPartition.get(load.partition);
    if (pending != null) {
      pending.remove(load);
      if (pending.isEmpty()) {
        pendingByPartition.remove(load.partition);
      }
    }
  }

  synchronized int pendingCount() {
    return pendingByPartition.values().stream().mapToInt(List::size).sum();
  }

  private boolean finishedSince(Partition partition, long sequenceSeen) {
    if (sequenceSeen == completionSequence) {
      return false;
    }
    Completion oldest = recentCompletions.peekFirst();
    if (oldest == null || oldest.sequence() > sequenceSeen + 1) {
      return true; // forgotten: assume the worst, an extra lookup is cheap
    }
    for (Iterator<Completion> it = recentCompletions.descendingIterator(); it.hasNext(); ) {
      Completion completion = it.next();
      if (completion.sequence() <= sequenceSeen) {
        break;
      }
      if (completion.partition().equals(partition)) {
        return true;
      }
    }
    return false;
  }

  /** The cosine of two usable embeddings, or NaN (never accepted) when either is missing. */
  private static double similarity(@Nullable Embedding a, @Nullable Embedding b) {
    return a != null && b != null && a.isComparable() && b.isComparable()
        ? a.cosine(b) : Double.NaN;
  }

  /** Whether a pending load's prompt, at this similarity, passes the cache's verifiers. */
  @FunctionalInterface
  interface PendingMatch {
    boolean accepts(String pendingPrompt, double similarity);
  }
}
