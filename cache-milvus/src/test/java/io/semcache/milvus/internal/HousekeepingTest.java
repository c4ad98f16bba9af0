package io.semcache.milvus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.milvus.MilvusConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The entry count's ordering, with the count given (no server: what is tested is which of two
 * overlapping counts the estimate keeps, not Milvus).
 */
class HousekeepingTest {

  @Test
  void aSlowCountStartedEarlierDoesNotOverwriteALaterOne() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Housekeeping housekeeping = new Housekeeping(() -> 0, () -> {
      if (calls.incrementAndGet() == 1) {
        firstStarted.countDown();
        await(releaseFirst);
        return 0; // what the table held when this count started
      }
      return calls.get() == 2 ? 5 : 7;
    }, MilvusConfig.builder().collectionName("housekeeping_test").build());
    try {
      Thread slow = new Thread(housekeeping::refreshCount);
      slow.start();
      assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

      housekeeping.refreshCount(); // started later, finishes first
      assertThat(housekeeping.liveEntries()).isEqualTo(5);

      releaseFirst.countDown();
      slow.join(10_000);
      assertThat(slow.isAlive()).isFalse();
      assertThat(housekeeping.liveEntries()).as("the earlier count's late answer").isEqualTo(5);

      housekeeping.refreshCount(); // a count started after both applies
      assertThat(calls).hasValue(3);
      assertThat(housekeeping.liveEntries()).isEqualTo(7);
    } finally {
      housekeeping.close();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
