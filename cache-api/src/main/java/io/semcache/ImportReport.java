package io.semcache;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an import did.
 *
 * @param resumedAfter entries skipped at the start of the source ({@link
 *     ImportOptions#resumeAfter})
 * @param progress the last checkpoint: where a rerun resumes if {@code stoppedBy} is present
 * @param read entries read from the source after the skipped ones
 * @param refusals the first {@value #MAX_REFUSALS} refusals, each with the entry's position
 * @param stoppedBy why the import stopped before the end of the source (the backend or the embedder
 *     failed); empty when it reached the end
 * @param elapsed the import's duration
 */
public record ImportReport(long resumedAfter, ImportProgress progress, long read,
    List<String> refusals, @Nullable String stoppedBy, Duration elapsed) {

  public static final int MAX_REFUSALS = 10;

  public ImportReport {
    Objects.requireNonNull(progress, "progress");
    refusals = List.copyOf(refusals);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  public long stored() {
    return progress.stored();
  }

  public long refused() {
    return progress.refused();
  }

  public long skippedExpired() {
    return progress.skippedExpired();
  }

  /** Whether every entry of the source was handled. */
  public boolean completed() {
    return stoppedBy == null;
  }

  public Optional<String> failure() {
    return Optional.ofNullable(stoppedBy);
  }

  /** Entries read per second of the import. */
  public double entriesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : read / seconds;
  }
}
