package io.semcache;

import java.time.Duration;
import java.util.Objects;

/**
 * What an export did.
 *
 * @param exported entries handed to the sink
 * @param withVectors how many of them carried their embedding (entries whose prompt was truncated
 *     have none)
 * @param elapsed the export's duration
 */
public record ExportReport(long exported, long withVectors, Duration elapsed) {
  public ExportReport {
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
