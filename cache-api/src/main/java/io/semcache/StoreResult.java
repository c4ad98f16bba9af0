package io.semcache;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of a store. Stores fail soft: a backend failure is reported here (and counted), not
 * thrown, unless the cache is configured {@link FailureMode#FAIL_CLOSED}.
 *
 * @param outcome what happened
 * @param entryId the entry written, when {@code outcome} is {@link StoreOutcome#STORED}
 * @param detail a human-readable reason when not stored; empty when stored
 */
public record StoreResult(StoreOutcome outcome, Optional<EntryId> entryId, String detail) {

  public StoreResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(entryId, "entryId");
    Objects.requireNonNull(detail, "detail");
    if ((outcome == StoreOutcome.STORED) != entryId.isPresent()) {
      throw new IllegalArgumentException("entryId: expected one exactly when outcome is STORED");
    }
  }

  public static StoreResult stored(EntryId entryId) {
    return new StoreResult(StoreOutcome.STORED,
        Optional.of(Objects.requireNonNull(entryId, "entryId")), "");
  }

  public static StoreResult notStored(StoreOutcome outcome, String detail) {
    return new StoreResult(outcome, Optional.empty(), detail);
  }

  public boolean isStored() {
    return outcome == StoreOutcome.STORED;
  }
}
