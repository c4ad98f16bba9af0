package io.semcache.milvus.internal;

import io.milvus.v2.client.MilvusClientV2;
import io.semcache.milvus.MilvusConfig;
import io.semcache.milvus.internal.ConnectConfigs.Purpose;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the store's {@link MilvusClientV2}s come from: created from the configuration (and then
 * owned, closed and rebuilt by the store), or one supplied by the user (used for everything, never
 * closed or rebuilt, its settings left as they are).
 */
public final class MilvusClients {

  private static final Logger log = LoggerFactory.getLogger(MilvusClients.class);

  /** How long a plaintext start-up connect may hang before the port is asked whether it is TLS. */
  private static final Duration PLAINTEXT_SUSPICION = Duration.ofSeconds(2);

  private final MilvusConfig config;
  private final @Nullable MilvusClientV2 supplied;

  static {
    QuietFrameLogs.install(); // before any client of ours exists
  }

  private MilvusClients(MilvusConfig config, @Nullable MilvusClientV2 supplied) {
    this.config = config;
    this.supplied = supplied;
  }

  /** Clients created from {@code config} by the store. */
  public static MilvusClients fromConfig(MilvusConfig config) {
    return new MilvusClients(config, null);
  }

  /** The user's own client, for every purpose. */
  public static MilvusClients supplied(MilvusConfig config, MilvusClientV2 client) {
    return new MilvusClients(config, client);
  }

  /** Whether the store creates its clients, so it may close and rebuild them. */
  public boolean owned() {
    return supplied == null;
  }

  /**
   * A connected client for {@code purpose}: the supplied one, or a new one. The constructor of
   * {@link MilvusClientV2} connects, and one of its start-up calls has no deadline, so it runs on
   * {@code executor} and is given up after {@code within}; a client that connects after that is
   * closed at once.
   *
   * @throws io.semcache.CacheUnavailableException if Milvus cannot be reached in time
   * @throws io.semcache.SemanticCacheException if Milvus refuses the connection (e.g. an unknown
   *     database)
   */
  public MilvusClientV2 connect(Purpose purpose, Duration within, ExecutorService executor) {
    if (supplied != null) {
      return supplied;
    }
    if (purpose == Purpose.SETUP && config.connection().tls().enabled()) {
      TlsPreflight.check(config, within); // fails in seconds where the SDK would wait it out
    }
    AtomicBoolean claimed = new AtomicBoolean();
    Future<MilvusClientV2> connecting;
    try {
      connecting = executor.submit(() -> {
        MilvusClientV2 client = new MilvusClientV2(ConnectConfigs.of(config, purpose));
        client.retryConfig(ConnectConfigs.sdkRetry());
        if (!claimed.compareAndSet(false, true)) {
          release(client); // the caller gave up waiting
        }
        return client;
      });
    } catch (RejectedExecutionException e) {
      throw MilvusErrors.translate("connect", e);
    }
    try {
      if (purpose == Purpose.SETUP && !config.connection().tls().enabled()
          && within.compareTo(PLAINTEXT_SUSPICION) > 0) {
        try {
          return connecting.get(PLAINTEXT_SUSPICION.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException slow) {
          // A plaintext client hangs on a TLS server until the deadline: ask the port.
          if (TlsPreflight.speaksTls(config, PLAINTEXT_SUSPICION)
              && claimed.compareAndSet(false, true)) {
            connecting.cancel(true);
            throw new io.semcache.milvus.MilvusTlsException("Milvus at " + endpoint()
                + " speaks TLS, but connection.tls.enabled is false: enable it (with"
                + " connection.tls.ca_cert_path when a private CA signed the server's"
                + " certificate)", slow);
          }
          return connecting.get(within.minus(PLAINTEXT_SUSPICION).toNanos(),
              TimeUnit.NANOSECONDS);
        }
      }
      return connecting.get(within.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (claimed.compareAndSet(false, true)) {
        connecting.cancel(true);
        throw MilvusErrors.timedOut("connect to " + endpoint(), within);
      }
      return finished(connecting); // it connected just now
    } catch (ExecutionException e) {
      throw MilvusErrors.translate("connect to " + endpoint(), e.getCause(),
          credentialSource());
    } catch (InterruptedException e) {
      if (claimed.compareAndSet(false, true)) {
        connecting.cancel(true);
      } else {
        release(finished(connecting));
      }
      Thread.currentThread().interrupt();
      throw MilvusErrors.translate("connect to " + endpoint(), e);
    }
  }

  /** Closes {@code client} if the store created it; a supplied client is the user's to close. */
  public void release(@Nullable MilvusClientV2 client) {
    if (client == null || client == supplied) {
      return;
    }
    try {
      client.close(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.debug("Closing a Milvus client failed", e);
    }
  }

  /** Where the credentials come from, for messages (never their values). */
  public String credentialSource() {
    return MilvusErrors.credentialSource(config, supplied != null);
  }

  /** {@code host:port/database}, for messages. */
  public String endpoint() {
    return supplied != null ? "the supplied client's Milvus"
        : (config.connection().tls().enabled() ? "https://" : "http://") + config.connection().host() + ":" + config.connection().port()
            + " (database " + config.connection().database() + ")";
  }

  private static MilvusClientV2 finished(Future<MilvusClientV2> connecting) {
    try {
      return connecting.get();
    } catch (ExecutionException e) {
      throw MilvusErrors.translate("connect", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MilvusErrors.translate("connect", e);
    }
  }
}
