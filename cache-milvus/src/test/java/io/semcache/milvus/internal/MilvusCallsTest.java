package io.semcache.milvus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import io.semcache.CacheUnavailableException;
import io.semcache.SemanticCacheException;
import io.semcache.milvus.MilvusConfig;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failure handling of calls, with calls that fail on purpose: the error paths. A client without a
 * connection stands in for Milvus because the calls here never use it; everything that talks to
 * Milvus is tested against a real server elsewhere.
 */
class MilvusCallsTest {

  private final MilvusClientV2 unconnected = new MilvusClientV2(null);
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger healthChecks = new AtomicInteger();
  private final MilvusCalls calls = new MilvusCalls(
      MilvusClients.supplied(MilvusConfig.defaults(), unconnected),
      MilvusConfig.builder()
          .requestTimeout(Duration.ofMillis(200))
          .retry(3, Duration.ofMillis(1), Duration.ofMillis(2))
          .circuitBreaker(2, Duration.ofSeconds(1))
          .build(),
      client -> healthChecks.incrementAndGet(), nanos::get);

  MilvusCallsTest() {
    calls.connect();
  }

  @AfterEach
  void close() {
    calls.close();
  }

  @Test
  void aCallThatHangsIsGivenUpAtTheRequestTimeoutAndInterrupted() {
    CountDownLatch interrupted = new CountDownLatch(1);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        assertThatThrownBy(() -> calls.read("search", client -> {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
          return null;
        })).isInstanceOf(CacheUnavailableException.class)
            .hasMessageContaining("search did not complete within 200 ms"));
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> interrupted.await());
  }

  @Test
  void writesRetryRpcFailuresButNotAnswersFromTheServer() {
    MilvusCalls fresh = freshCalls(10);
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> fresh.write("upsert", client -> {
      attempts.incrementAndGet();
      throw new MilvusClientException(ErrorCode.RPC_ERROR, "UNAVAILABLE: Network closed");
    })).isInstanceOf(CacheUnavailableException.class).hasMessageContaining("Network closed");
    assertThat(attempts).as("connection.retry.max_attempts").hasValue(3);

    AtomicInteger serverErrors = new AtomicInteger();
    assertThatThrownBy(() -> fresh.write("upsert", client -> {
      serverErrors.incrementAndGet();
      throw new MilvusClientException(ErrorCode.SERVER_ERROR, "collection not found");
    })).isInstanceOf(SemanticCacheException.class)
        .isNotInstanceOf(CacheUnavailableException.class);
    assertThat(serverErrors).hasValue(1);

    AtomicInteger flaky = new AtomicInteger();
    String stored = fresh.write("upsert", client -> {
      if (flaky.incrementAndGet() < 3) {
        throw new MilvusClientException(ErrorCode.RPC_ERROR, "DEADLINE_EXCEEDED");
      }
      return "stored";
    });
    assertThat(stored).isEqualTo("stored");
    fresh.close();
  }

  @Test
  void aWriteStopsRetryingWhenTheBreakerOpens() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> calls.write("upsert", client -> {
      attempts.incrementAndGet();
      throw new MilvusClientException(ErrorCode.RPC_ERROR, "UNAVAILABLE: Network closed");
    })).isInstanceOf(CircuitOpenException.class);
    assertThat(attempts).as("the breaker opened after 2 failures; no third try").hasValue(2);
  }

  @Test
  void anOpenBreakerShedsCallsWithoutMakingThemUntilAProbeSucceeds() throws Exception {
    AtomicInteger made = new AtomicInteger();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> calls.read("search", client -> {
        made.incrementAndGet();
        throw new MilvusClientException(ErrorCode.RPC_ERROR, "DEADLINE_EXCEEDED");
      })).isInstanceOf(CacheUnavailableException.class);
    }
    assertThat(calls.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

    assertThatThrownBy(() -> calls.read("search", client -> made.incrementAndGet()))
        .isInstanceOf(CircuitOpenException.class).hasMessageContaining("circuit breaker is open");
    assertThat(made).hasValue(2);
    assertThat(healthChecks).hasValue(0);

    nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThatThrownBy(() -> calls.read("search", client -> made.incrementAndGet()))
        .as("the call that starts the probe is still refused").isInstanceOf(CircuitOpenException.class);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      while (calls.breakerState() != CircuitBreaker.State.CLOSED) {
        Thread.sleep(5);
      }
    });
    assertThat(healthChecks).hasValue(1);
    int madeAfterRecovery = calls.read("search", client -> made.incrementAndGet());
    assertThat(madeAfterRecovery).isEqualTo(3);
  }

  @Test
  void aFailedProbeKeepsItOpenForAnotherCoolDown() throws Exception {
    MilvusCalls failingProbe = new MilvusCalls(
        MilvusClients.supplied(MilvusConfig.defaults(), unconnected),
        MilvusConfig.builder().circuitBreaker(1, Duration.ofSeconds(1)).build(),
        client -> {
          healthChecks.incrementAndGet();
          throw new MilvusClientException(ErrorCode.RPC_ERROR, "still down");
        }, nanos::get);
    failingProbe.connect();
    try {
      assertThatThrownBy(() -> failingProbe.read("get", client -> {
        throw new MilvusClientException(ErrorCode.RPC_ERROR, "down");
      })).isInstanceOf(CacheUnavailableException.class);
      nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
      assertThatThrownBy(() -> failingProbe.read("get", client -> "x"))
          .isInstanceOf(CircuitOpenException.class);
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        while (healthChecks.get() == 0 || failingProbe.breakerState() != CircuitBreaker.State.OPEN) {
          Thread.sleep(5);
        }
      });
      assertThatThrownBy(() -> failingProbe.read("get", client -> "x"))
          .isInstanceOf(CircuitOpenException.class);
      assertThat(healthChecks).hasValue(1);
    } finally {
      failingProbe.close();
    }
  }

  @Test
  void aClosedCallsObjectRefusesAndNeverClosesASuppliedClient() {
    calls.close();
    assertThatThrownBy(() -> calls.read("get", client -> "x"))
        .isInstanceOf(CacheUnavailableException.class).hasMessageContaining("closed");
  }

  private MilvusCalls freshCalls(int failureThreshold) {
    MilvusCalls fresh = new MilvusCalls(
        MilvusClients.supplied(MilvusConfig.defaults(), unconnected),
        MilvusConfig.builder().retry(3, Duration.ofMillis(1), Duration.ofMillis(2))
            .circuitBreaker(failureThreshold, Duration.ofSeconds(1)).build(),
        client -> "ok", nanos::get);
    fresh.connect();
    return fresh;
  }
}
