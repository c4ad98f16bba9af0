package io.semcache.core;

import io.semcache.LookupResult;
import io.semcache.ResponseChunk;
import io.semcache.ResponseSource;
import io.semcache.StreamResult;
import io.semcache.StreamedResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** One caller's view of a streamed get-or-load: its log, read once. */
final class StreamHandle implements StreamedResponse {

  private final ChunkLog log;
  private final ResponseSource source;
  private final LookupResult lookup;
  private final CompletableFuture<StreamResult> result;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  StreamHandle(ChunkLog log, ResponseSource source, LookupResult lookup, boolean leader) {
    this.log = log;
    this.source = source;
    this.lookup = lookup;
    this.result = log.outcome()
        .thenApply(outcome -> ChunkLog.result(source, lookup, outcome, leader));
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ResponseChunk> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) { }

        @Override
        public void cancel() { }
      });
      subscriber.onError(new IllegalStateException(
          "subscriber: a StreamedResponse takes one subscriber, and already has one"));
      return;
    }
    log.subscribe(subscriber);
  }

  @Override
  public ResponseSource source() {
    return source;
  }

  @Override
  public LookupResult lookup() {
    return lookup;
  }

  @Override
  public CompletableFuture<StreamResult> result() {
    return result;
  }

  @Override
  public String toString() {
    return "StreamedResponse[" + source + ", " + lookup.key() + "]";
  }
}
