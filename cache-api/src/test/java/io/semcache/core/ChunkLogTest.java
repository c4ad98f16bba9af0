package io.semcache.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.Response;
import io.semcache.ResponseChunk;
import io.semcache.ResponseMetadata;
import io.semcache.StoreResult;
import io.semcache.testing.ChunkRecorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkLogTest {

  /** Records what the log tells its load's owner. */
  private static final class RecordingListener implements ChunkLog.Listener {
    final List<String> events = new ArrayList<>();

    @Override
    public StoreResult completed(Response whole, ResponseMetadata metadata, long chars) {
      events.add("completed " + (whole == null ? "uncaptured" : whole.text()) + " " + chars);
      return StoreResult.notStored(io.semcache.StoreOutcome.DROPPED, "test");
    }

    @Override
    public void failed(Throwable failure) {
      events.add("failed " + failure.getClass().getSimpleName());
    }

    @Override
    public void overflowed() {
      events.add("overflowed");
    }
  }

  @Test
  void beyondTheCaptureBoundChunksEveryReaderHasHadAreDropped() {
    ChunkLog log = new ChunkLog(Runnable::run, 10, 100, 1);
    RecordingListener listener = new RecordingListener();
    log.listen(listener);
    ChunkRecorder reader = ChunkRecorder.unbounded();
    log.subscribe(reader);

    for (int i = 0; i < 10; i++) {
      log.append(ResponseChunk.of("x"));
    }
    assertThat(log.heldChunks()).as("within the bound: all kept").isEqualTo(10);
    for (int i = 0; i < 1000; i++) {
      log.append(ResponseChunk.of("y"));
    }
    log.finish();

    assertThat(log.heldChunks()).isZero();
    assertThat(reader.awaitEnd().chunks()).hasSize(1010);
    assertThat(listener.events).containsExactly("overflowed", "completed uncaptured 1010");
    assertThat(log.tryAttach()).as("nobody can read it from the start any more").isFalse();
  }

  @Test
  void aSlowReaderKeepsTheChunksItHasNotHadYet() {
    ChunkLog log = new ChunkLog(Runnable::run, 2, 100, 2);
    log.listen(new RecordingListener());
    ChunkRecorder fast = ChunkRecorder.unbounded();
    ChunkRecorder slow = new ChunkRecorder(1);
    log.subscribe(fast);
    log.subscribe(slow);

    for (int i = 0; i < 5; i++) {
      log.append(ResponseChunk.of("c" + i));
    }

    assertThat(log.heldChunks()).isEqualTo(4);
    slow.request(Long.MAX_VALUE);
    assertThat(slow.texts()).containsExactly("c0", "c1", "c2", "c3", "c4");
    assertThat(log.heldChunks()).isZero();
  }

  @Test
  void theLastReaderCancellingCancelsTheProducerAndFailsTheLoad() {
    ChunkLog log = new ChunkLog(Runnable::run, 100, 100, 1);
    RecordingListener listener = new RecordingListener();
    log.listen(listener);
    ChunkRecorder reader = ChunkRecorder.unbounded();
    log.subscribe(reader);
    log.append(ResponseChunk.of("a"));

    reader.cancel();

    assertThat(listener.events).containsExactly("failed CancellationException");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.append(ResponseChunk.of("b")))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(log.tryAttach()).isFalse();
  }

  @Test
  void readersOnTheirOwnThreadsEachGetEveryChunkInOrderWhileTheProducerRuns() throws Exception {
    int readers = 6;
    int chunks = 2000;
    ChunkLog log = new ChunkLog(Runnable::run, Integer.MAX_VALUE, 4096, readers);
    log.listen(new RecordingListener());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
        readers + 1);
    try {
      List<java.util.concurrent.Future<List<String>>> received = new ArrayList<>();
      java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(
          readers);
      for (int r = 0; r < readers; r++) {
        int batch = 1 + r * 7;
        received.add(pool.submit(() -> {
          ChunkRecorder reader = new ChunkRecorder(batch);
          log.subscribe(reader);
          subscribed.countDown();
          while (!reader.ended()) {
            if (reader.chunks().size() % batch == 0) {
              reader.request(batch); // asks again, in its own batch size, from its own thread
            }
            Thread.onSpinWait();
          }
          return reader.texts();
        }));
      }
      java.util.concurrent.Future<?> producer = pool.submit(() -> {
        for (int i = 0; i < chunks; i++) {
          log.append(ResponseChunk.of(Integer.toString(i)));
        }
        log.finish();
      });
      producer.get(30, java.util.concurrent.TimeUnit.SECONDS);

      List<String> expected = new ArrayList<>();
      for (int i = 0; i < chunks; i++) {
        expected.add(Integer.toString(i));
      }
      for (java.util.concurrent.Future<List<String>> reader : received) {
        assertThat(reader.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
