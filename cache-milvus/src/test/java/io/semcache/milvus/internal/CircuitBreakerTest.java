package io.semcache.milvus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.milvus.internal.CircuitBreaker.State;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final AtomicLong nanos = new AtomicLong();
  private final CircuitBreaker breaker =
      new CircuitBreaker(3, Duration.ofSeconds(2), nanos::get);

  @Test
  void opensAfterTheThresholdOfConsecutiveFailures() {
    assertThat(breaker.recordFailure()).isFalse();
    assertThat(breaker.recordFailure()).isFalse();
    assertThat(breaker.allowsCalls()).isTrue();

    assertThat(breaker.recordFailure()).isTrue();

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.allowsCalls()).isFalse();
  }

  @Test
  void aSuccessResetsTheCount() {
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void oneProbeAfterTheCoolDownAndItsOutcomeDecides() {
    open();
    nanos.addAndGet(Duration.ofMillis(1_999).toNanos());
    assertThat(breaker.tryStartProbe()).as("still cooling down").isFalse();

    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(breaker.tryStartProbe()).isTrue();
    assertThat(breaker.tryStartProbe()).as("only one prober").isFalse();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.allowsCalls()).isFalse();

    breaker.probeFailed();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.tryStartProbe()).as("a new cool-down").isFalse();

    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(breaker.tryStartProbe()).isTrue();
    breaker.probeSucceeded();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.openings()).isEqualTo(2);
  }

  @Test
  void failuresOfCallsStartedBeforeItOpenedAreNotCountedAgain() {
    open();
    assertThat(breaker.recordFailure()).isFalse();
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(breaker.tryStartProbe()).isTrue();
    breaker.recordSuccess(); // a late answer to an old call does not close it
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
  }

  private void open() {
    for (int i = 0; i < 3; i++) {
      breaker.recordFailure();
    }
  }
}
