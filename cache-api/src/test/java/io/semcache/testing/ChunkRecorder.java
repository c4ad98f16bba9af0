package io.semcache.testing;

import io.semcache.ResponseChunk;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A subscriber that records what a streamed get-or-load sends it. It requests {@code initial}
 * chunks on subscribe ({@link Long#MAX_VALUE} for all); tests request more or cancel by hand.
 */
public final class ChunkRecorder implements Flow.Subscriber<ResponseChunk> {

  private final long initial;
  private final List<ResponseChunk> chunks = new CopyOnWriteArrayList<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicReference<Throwable> error = new AtomicReference<>();
  private volatile boolean completed;
  private volatile Flow.Subscription subscription;

  public ChunkRecorder(long initial) {
    this.initial = initial;
  }

  public static ChunkRecorder unbounded() {
    return new ChunkRecorder(Long.MAX_VALUE);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (initial > 0) {
      subscription.request(initial);
    }
  }

  @Override
  public void onNext(ResponseChunk chunk) {
    if (done.getCount() == 0) {
      throw new AssertionError("onNext after the end: " + chunk);
    }
    chunks.add(chunk);
  }

  @Override
  public void onError(Throwable failure) {
    error.set(failure);
    done.countDown();
  }

  @Override
  public void onComplete() {
    completed = true;
    done.countDown();
  }

  public void request(long n) {
    subscription.request(n);
  }

  public void cancel() {
    subscription.cancel();
  }

  public List<ResponseChunk> chunks() {
    return List.copyOf(chunks);
  }

  public List<String> texts() {
    return chunks.stream().map(ResponseChunk::text).toList();
  }

  /** Waits for onComplete or onError (10 s at most) and returns this. */
  public ChunkRecorder awaitEnd() {
    try {
      if (!done.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the stream did not end within 10 s; got " + texts());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return this;
  }

  public boolean ended() {
    return done.getCount() == 0;
  }

  public boolean completed() {
    return completed;
  }

  public Throwable error() {
    return error.get();
  }
}
