package io.semcache.spi;

import io.semcache.Partition;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the cache hands its store when it opens it.
 *
 * @param clock the cache's only clock; stores use it for expiry (never the system clock directly)
 * @param dimension the embedder's dimension
 * @param modelId the embedder's model id
 * @param removalListener told about entries the store removes by itself (expiry, size bounds)
 */
public record StoreContext(Clock clock, int dimension, String modelId,
    RemovalListener removalListener) {

  public StoreContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(removalListener, "removalListener");
  }

  /** Receives removals for metrics; must be cheap and must not throw. */
  @FunctionalInterface
  public interface RemovalListener {
    /** @param partition the entries' partition, or null when the store cannot tell */
    void onRemoval(@Nullable Partition partition, RemovalCause cause, long count);
  }
}
