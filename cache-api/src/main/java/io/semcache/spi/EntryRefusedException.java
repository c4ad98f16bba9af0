package io.semcache.spi;

import io.semcache.StoreOutcome;
import java.util.Objects;

/**
 * Thrown by {@link EntryStore#upsert} when the backend refuses an entry for a reason it can name
 * (its size against the backend's limit, say). Nothing was written and nothing stored was touched.
 * The cache reports the outcome and the message in the caller's {@link io.semcache.StoreResult}
 * instead of treating it as a backend failure.
 */
public final class EntryRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final StoreOutcome outcome;

  /**
   * @param outcome what the store result says, never {@link StoreOutcome#STORED}
   * @param detail what was refused and why, with the sizes involved
   * @throws IllegalArgumentException if {@code outcome} is {@code STORED}
   */
  public EntryRefusedException(StoreOutcome outcome, String detail) {
    super(Objects.requireNonNull(detail, "detail"), null, false, false);
    Objects.requireNonNull(outcome, "outcome");
    if (outcome == StoreOutcome.STORED) {
      throw new IllegalArgumentException("outcome: expected a refusal, got STORED");
    }
    this.outcome = outcome;
  }

  public StoreOutcome outcome() {
    return outcome;
  }
}
