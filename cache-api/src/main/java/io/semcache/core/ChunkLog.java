package io.semcache.core;

import io.semcache.Response;
import io.semcache.ResponseChunk;
import io.semcache.ResponseMetadata;
import io.semcache.StoreResult;
import io.semcache.StreamResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The chunks of one streamed response, read by every caller of its load (the leader and its
 * joiners) at its own pace, each from the first chunk. A hit's replay is a log that is complete
 * from the start.
 *
 * <p>Chunks come from a producer: the loader's {@link Flow.Publisher}, subscribed when the first
 * reader subscribes and asked for no more than the most eager reader wants, or a push loader
 * calling {@link #append} on its own thread. While the response fits the capture bound the log
 * keeps every chunk, which is the response to store; beyond it the capture stops, and chunks every
 * reader has had are dropped, so memory stays bounded while the stream goes on.
 *
 * <p>One lock guards the state; signals to a reader's subscriber are sent outside it, one at a
 * time per reader. The producer is cancelled when every attached caller has cancelled.
 */
final class ChunkLog {

  /** What the load's owner does at the end; a replay has none. */
  interface Listener {

    /**
     * The stream completed normally. Stores {@code whole} (null when the capture stopped) and
     * returns what happened; runs before any reader sees {@code onComplete}.
     */
    StoreResult completed(@Nullable Response whole, ResponseMetadata metadata, long chars);

    /** The stream failed, or every reader cancelled ({@link CancellationException}). */
    void failed(Throwable failure);

    /** The capture stopped: the response will not be stored, so no one new should join. */
    void overflowed();
  }

  /** How the log ended, for the readers' results. */
  record Outcome(ResponseMetadata metadata, long chars, @Nullable StoreResult stored) {}

  private enum State { OPEN, FINISHING, COMPLETE, FAILED }

  private final Executor finishExecutor;
  private final int maxChars;
  private final int maxChunks;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

  // Guarded by this.
  private @Nullable Listener listener;
  private final ArrayList<ResponseChunk> chunks = new ArrayList<>();
  private long base;
  private long chars;
  private int textChunks;
  private boolean capturing = true;
  private ResponseMetadata.Builder attributes = ResponseMetadata.builder();
  private State state = State.OPEN;
  private @Nullable Throwable failure;
  /** Written under the lock, read without it to signal readers. */
  private final List<Reader> readers = new CopyOnWriteArrayList<>();
  private int attached;
  private int unsubscribed;
  private Flow.@Nullable Publisher<ResponseChunk> source;
  private Flow.@Nullable Subscription upstream;
  private long upstreamDemand;
  private boolean producerCancelled;

  /** A log for one load, with {@code attached} callers already holding it (the leader: 1). */
  ChunkLog(Executor finishExecutor, int maxChars, int maxChunks, int attached) {
    this.finishExecutor = finishExecutor;
    this.maxChars = maxChars;
    this.maxChunks = maxChunks;
    this.attached = attached;
    this.unsubscribed = attached;
  }

  /** The complete log of a stored response, for a hit. */
  static ChunkLog replay(Response response) {
    ChunkLog log = new ChunkLog(Runnable::run, Integer.MAX_VALUE, Integer.MAX_VALUE, 0);
    log.completeWith(response);
    return log;
  }

  /** A log that replays a non-streamed load's response once it is loaded, or fails with it. */
  static ChunkLog following(CompletableFuture<Response> load) {
    ChunkLog log = new ChunkLog(Runnable::run, Integer.MAX_VALUE, Integer.MAX_VALUE, 1);
    load.whenComplete((response, failure) -> {
      if (failure != null) {
        log.fail(failure instanceof java.util.concurrent.CompletionException
            && failure.getCause() != null ? failure.getCause() : failure);
      } else {
        log.completeWith(response);
      }
    });
    return log;
  }

  /** {@code response} cut at its chunk boundaries, with its attributes on the last chunk. */
  static List<ResponseChunk> chunksOf(Response response) {
    ResponseMetadata metadata = response.metadata();
    ResponseMetadata last = metadata.chunkLengths().isEmpty()
        ? metadata : metadata.toBuilder().chunkLengths(List.of()).build();
    List<String> texts = response.chunks();
    List<ResponseChunk> chunks = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      chunks.add(i < texts.size() - 1 ? ResponseChunk.of(texts.get(i))
          : ResponseChunk.of(texts.get(i), last));
    }
    return chunks;
  }

  /** Ends the log as {@code response}, cut at its chunk boundaries, its attributes on the last. */
  private void completeWith(Response response) {
    ResponseMetadata metadata = response.metadata();
    List<ResponseChunk> replayed = chunksOf(response);
    synchronized (this) {
      if (state != State.OPEN) {
        return;
      }
      chunks.addAll(replayed);
      chars = response.text().length();
      state = State.COMPLETE;
    }
    outcome.complete(new Outcome(metadata, chars, null));
    drainAll();
  }

  /** Who is told how a load's stream ends; set by its leader before the loader runs. */
  void listen(Listener listener) {
    synchronized (this) {
      this.listener = listener;
    }
  }

  /**
   * The loader's publisher; subscribed at once if a caller already subscribed, else when the first
   * one does.
   */
  void startFrom(Flow.Publisher<ResponseChunk> publisher) {
    synchronized (this) {
      if (state != State.OPEN || producerCancelled) {
        return;
      }
      if (readers.isEmpty()) {
        source = publisher;
        return;
      }
    }
    subscribeUpstream(publisher);
  }

  private void subscribeUpstream(Flow.Publisher<ResponseChunk> publisher) {
    try {
      publisher.subscribe(new Upstream());
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /**
   * Attaches a caller that wants the whole response at once (a non-streamed get-or-load that
   * joined a streamed load); null when it can no longer read from the first chunk.
   */
  @Nullable CompletableFuture<Response> collect() {
    if (!tryAttach()) {
      return null;
    }
    CompletableFuture<Response> whole = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    subscribe(new Flow.Subscriber<ResponseChunk>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ResponseChunk chunk) {
        text.append(chunk.text());
      }

      @Override
      public void onError(Throwable error) {
        whole.completeExceptionally(error);
      }

      @Override
      public void onComplete() {
        whole.complete(Response.of(text.toString(), outcome.join().metadata()));
      }
    });
    return whole;
  }

  /** For tests: chunks held now. */
  synchronized int heldChunks() {
    return chunks.size();
  }

  /** Completes when the log has ended, before any reader sees the end. */
  CompletableFuture<Outcome> outcome() {
    return outcome;
  }

  /**
   * Attaches one more caller that will subscribe later, if it can still read from the first chunk:
   * false once every reader cancelled or the capture dropped chunks.
   */
  synchronized boolean tryAttach() {
    boolean cancelled = state == State.FAILED && failure instanceof CancellationException;
    if (cancelled || base > 0 || (state == State.OPEN && attached == 0)) {
      return false;
    }
    attached++;
    unsubscribed++;
    return true;
  }

  /** Subscribes one attached caller. */
  void subscribe(Flow.Subscriber<? super ResponseChunk> subscriber) {
    Reader reader = new Reader(subscriber);
    Flow.Publisher<ResponseChunk> toSubscribe;
    synchronized (this) {
      readers.add(reader);
      if (unsubscribed > 0) {
        unsubscribed--;
      }
      toSubscribe = source;
      source = null;
    }
    subscriber.onSubscribe(reader);
    if (toSubscribe != null) {
      subscribeUpstream(toSubscribe);
    }
    reader.drain();
  }

  // ------------------------------------------------------------------ producer side

  /**
   * Adds a chunk from a push loader (or the upstream publisher).
   *
   * @throws CancellationException when every reader has cancelled
   */
  void append(ResponseChunk chunk) {
    boolean overflowed = false;
    synchronized (this) {
      if (producerCancelled) {
        throw new CancellationException("every caller reading this stream cancelled");
      }
      if (state != State.OPEN) {
        return;
      }
      mergeAttributes(chunk);
      if (upstreamDemand > 0 && upstreamDemand != Long.MAX_VALUE) {
        upstreamDemand--;
      }
      chunks.add(chunk);
      chars += chunk.text().length();
      if (!chunk.text().isEmpty()) {
        textChunks++;
      }
      if (capturing && (chars > maxChars || textChunks > maxChunks)) {
        capturing = false;
        overflowed = true;
      }
      trim();
    }
    if (overflowed) {
      Listener told;
      synchronized (this) {
        told = listener;
      }
      if (told != null) {
        told.overflowed();
      }
    }
    drainAll();
  }

  /** The producer's stream completed normally: store, then let readers see the end. */
  void finish() {
    Response whole;
    ResponseMetadata metadata;
    long length;
    Listener told;
    synchronized (this) {
      if (state != State.OPEN) {
        return;
      }
      told = listener;
      state = State.FINISHING;
      metadata = finalMetadata();
      length = chars;
      whole = capturing ? new Response(wholeText(), metadata, java.util.Set.of(), false) : null;
    }
    StoreResult stored = null;
    try {
      if (told != null) {
        stored = told.completed(whole, metadata, length);
      }
    } finally {
      synchronized (this) {
        state = State.COMPLETE;
      }
      outcome.complete(new Outcome(metadata, length, stored));
      drainAll();
    }
  }

  /** The producer's stream failed; nothing is stored and every reader gets {@code error}. */
  void fail(Throwable error) {
    Flow.Subscription toCancel;
    synchronized (this) {
      if (state != State.OPEN) {
        return;
      }
      state = State.FAILED;
      failure = error;
      toCancel = upstream;
    }
    if (toCancel != null && !(error instanceof CancellationException)) {
      toCancel.cancel(); // a publisher that broke the protocol: stop it
    }
    Listener told;
    synchronized (this) {
      told = listener;
    }
    if (told != null) {
      told.failed(error);
    }
    outcome.completeExceptionally(error);
    drainAll();
  }

  private void mergeAttributes(ResponseChunk chunk) {
    if (chunk.metadata().isEmpty()) {
      return;
    }
    for (Map.Entry<String, String> attribute : chunk.metadata().attributes().entrySet()) {
      attributes.attribute(attribute.getKey(), attribute.getValue());
    }
  }

  private ResponseMetadata finalMetadata() {
    if (!capturing) {
      return attributes.build();
    }
    List<Integer> lengths = new ArrayList<>(textChunks);
    for (ResponseChunk chunk : chunks) {
      if (!chunk.text().isEmpty()) {
        lengths.add(chunk.text().length());
      }
    }
    return attributes.chunkLengths(lengths).build();
  }

  private String wholeText() {
    StringBuilder text = new StringBuilder((int) chars);
    for (ResponseChunk chunk : chunks) {
      text.append(chunk.text());
    }
    return text.toString();
  }

  /** Once not capturing: drops the chunks every reader has had, unless a caller is to subscribe. */
  private void trim() {
    if (capturing || unsubscribed > 0) {
      return;
    }
    long read = base + chunks.size();
    for (Reader reader : readers) {
      read = Math.min(read, reader.position);
    }
    int drop = (int) (read - base);
    if (drop > 0) {
      chunks.subList(0, drop).clear();
      base = read;
    }
  }

  private void drainAll() {
    for (Reader reader : readers) {
      reader.drain();
    }
  }

  /** Asks the upstream for what the most eager reader wants beyond what has come or is due. */
  private void requestUpstream() {
    Flow.Subscription subscription;
    long n;
    synchronized (this) {
      subscription = upstream;
      if (subscription == null || state != State.OPEN || upstreamDemand == Long.MAX_VALUE) {
        return;
      }
      long wanted = 0;
      for (Reader reader : readers) {
        wanted = Math.max(wanted, reader.demand == Long.MAX_VALUE
            ? Long.MAX_VALUE : saturatedAdd(reader.position, reader.demand));
      }
      long due = saturatedAdd(base + chunks.size(), upstreamDemand);
      if (wanted <= due) {
        return;
      }
      n = wanted == Long.MAX_VALUE ? Long.MAX_VALUE : wanted - due;
      upstreamDemand = n == Long.MAX_VALUE ? Long.MAX_VALUE : upstreamDemand + n;
    }
    subscription.request(n);
  }

  /** A reader left (cancelled or finished); cancels the producer when it was the last one. */
  private void detach(Reader reader, boolean cancelled) {
    Flow.Subscription toCancel = null;
    boolean cancelProducer = false;
    synchronized (this) {
      if (!readers.remove(reader)) {
        return;
      }
      attached = Math.max(0, attached - 1);
      if (cancelled && attached == 0 && state == State.OPEN) {
        cancelProducer = true;
        producerCancelled = true;
        toCancel = upstream;
      }
      trim();
    }
    if (cancelProducer) {
      if (toCancel != null) {
        toCancel.cancel();
      }
      fail(new CancellationException("every caller reading this stream cancelled"));
    } else {
      requestUpstream();
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** The loader's publisher's subscriber. */
  private final class Upstream implements Flow.Subscriber<ResponseChunk> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      boolean accept;
      synchronized (ChunkLog.this) {
        accept = upstream == null && state == State.OPEN && !producerCancelled;
        if (accept) {
          upstream = subscription;
        }
      }
      if (!accept) {
        subscription.cancel();
        return;
      }
      requestUpstream();
    }

    @Override
    public void onNext(ResponseChunk chunk) {
      if (chunk == null) {
        fail(new NullPointerException("the loader's publisher sent a null chunk"));
        return;
      }
      try {
        append(chunk);
      } catch (CancellationException cancelled) {
        // every reader left; the subscription is already cancelled
      } catch (IllegalArgumentException e) {
        fail(e); // attributes beyond the metadata's bounds
      }
    }

    @Override
    public void onError(Throwable error) {
      fail(error == null ? new NullPointerException("onError(null)") : error);
    }

    @Override
    public void onComplete() {
      try {
        finishExecutor.execute(ChunkLog.this::finish);
      } catch (RejectedExecutionException closed) {
        finish(); // the cache is closing: the store is dropped without a backend call
      }
    }
  }

  /** One caller's subscription to the log. */
  private final class Reader implements Flow.Subscription {
    private final Flow.Subscriber<? super ResponseChunk> subscriber;
    private final AtomicInteger work = new AtomicInteger();
    // Guarded by ChunkLog.this.
    private long position;
    private long demand;
    private boolean done;

    Reader(Flow.Subscriber<? super ResponseChunk> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        cancel();
        subscriber.onError(new IllegalArgumentException(
            "request: expected a positive number of chunks (rule 3.9), got " + n));
        return;
      }
      synchronized (ChunkLog.this) {
        if (done) {
          return;
        }
        demand = saturatedAdd(demand, n);
      }
      drain();
      synchronized (ChunkLog.this) {
        trim(); // a slow reader caught up: what it has had may go
      }
      requestUpstream();
    }

    @Override
    public void cancel() {
      synchronized (ChunkLog.this) {
        if (done) {
          return;
        }
        done = true;
      }
      detach(this, true);
    }

    /** Sends what is due, one signal at a time: many threads may call it, one sends. */
    void drain() {
      if (work.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      while (true) {
        while (true) {
          ResponseChunk next = null;
          boolean complete = false;
          Throwable error = null;
          synchronized (ChunkLog.this) {
            if (done) {
              break;
            }
            if (position < base + chunks.size() && demand > 0) {
              next = chunks.get((int) (position - base));
              position++;
              if (demand != Long.MAX_VALUE) {
                demand--;
              }
            } else if (position == base + chunks.size()) {
              if (state == State.COMPLETE) {
                complete = true;
                done = true;
              } else if (state == State.FAILED) {
                error = failure;
                done = true;
              }
            }
          }
          if (next != null) {
            try {
              subscriber.onNext(next);
            } catch (RuntimeException broken) {
              cancel(); // a subscriber must not throw (rule 2.13): it is treated as cancelled
              break;
            }
            continue;
          }
          if (complete) {
            detach(this, false);
            subscriber.onComplete();
          } else if (error != null) {
            detach(this, false);
            subscriber.onError(error);
          }
          break;
        }
        missed = work.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }
  }

  /** For the result of a call that read this log. */
  static StreamResult result(io.semcache.ResponseSource source, io.semcache.LookupResult lookup,
      Outcome outcome, boolean leader) {
    return new StreamResult(source, lookup, outcome.metadata(), outcome.chars(),
        leader ? outcome.stored() : null);
  }
}
