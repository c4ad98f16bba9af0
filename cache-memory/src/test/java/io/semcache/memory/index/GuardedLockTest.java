package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // a GuardedLock.Hold is named only to be closed
class GuardedLockTest {

  private final GuardedLock lock = new GuardedLock();

  @Test
  void writeLockIsReleasedWhenTheBlockThrows() throws Exception {
    assertThatThrownBy(() -> {
      try (GuardedLock.Hold held = lock.write()) {
        throw new IllegalStateException("boom");
      }
    }).hasMessage("boom");

    // Another thread can take it at once.
    assertThat(CompletableFuture.supplyAsync(this::writeAndRead).get(10, TimeUnit.SECONDS))
        .isTrue();
  }

  @Test
  void readersShareTheLockAndAWriterWaitsForThem() throws Exception {
    CountDownLatch writerStarted = new CountDownLatch(1);
    CompletableFuture<Boolean> writer;
    try (GuardedLock.Hold held = lock.read()) {
      // A second reader gets in while we read...
      assertThat(CompletableFuture.supplyAsync(() -> {
        try (GuardedLock.Hold other = lock.read()) {
          return true;
        }
      }).get(10, TimeUnit.SECONDS)).isTrue();
      // ...a writer does not.
      writer = CompletableFuture.supplyAsync(() -> {
        writerStarted.countDown();
        return writeAndRead();
      });
      assertThat(writerStarted.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Boolean> blocked = writer;
      assertThatThrownBy(() -> blocked.get(100, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);
    }
    assertThat(writer.get(10, TimeUnit.SECONDS)).isTrue();
  }

  private boolean writeAndRead() {
    try (GuardedLock.Hold write = lock.write()) {
      // Reentrant: the writer may read too.
      try (GuardedLock.Hold read = lock.read()) {
        return true;
      }
    }
  }
}
