package io.semcache.testing;

import io.semcache.ResponseChunk;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for an LLM's stream that the test drives by hand: it records the demand it was given
 * and whether it was cancelled, and {@link #emit} fails the test if it was not asked for a chunk.
 */
public final class ManualChunkPublisher implements Flow.Publisher<ResponseChunk> {

  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private volatile Flow.Subscriber<? super ResponseChunk> subscriber;

  @Override
  public void subscribe(Flow.Subscriber<? super ResponseChunk> subscriber) {
    if (subscriptions.incrementAndGet() > 1) {
      throw new AssertionError("the loader's publisher was subscribed more than once");
    }
    this.subscriber = subscriber;
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        requested.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      }

      @Override
      public void cancel() {
        cancelled.set(true);
      }
    });
  }

  /** Sends the chunks, each of which must have been requested. */
  public void emit(ResponseChunk... chunks) {
    for (ResponseChunk chunk : chunks) {
      if (emitted.get() >= requested.get()) {
        throw new AssertionError("chunk " + emitted.get() + " was not requested (demand "
            + requested.get() + ")");
      }
      emitted.incrementAndGet();
      subscriber.onNext(chunk);
    }
  }

  public void emit(String... texts) {
    for (String text : texts) {
      emit(ResponseChunk.of(text));
    }
  }

  public void complete() {
    subscriber.onComplete();
  }

  public void fail(Throwable error) {
    subscriber.onError(error);
  }

  public boolean isSubscribed() {
    return subscriber != null;
  }

  /** Total demand received, saturated at {@link Long#MAX_VALUE}. */
  public long requested() {
    return requested.get();
  }

  public boolean cancelled() {
    return cancelled.get();
  }
}
