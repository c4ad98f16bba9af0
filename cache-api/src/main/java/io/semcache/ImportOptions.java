package io.semcache;

import java.util.Objects;

/**
 * How {@link CacheEntries#importFrom} stores entries. Immutable; each method returns a copy with
 * one option changed.
 *
 * @param reEmbed embed the prompts of entries whose vectors come from another model (or have
 *     another dimension) instead of refusing the import
 * @param resumeAfter the number of entries at the start of the source to skip: the {@link
 *     ImportProgress#position()} of the last checkpoint of an interrupted import
 * @param batchSize entries embedded in one {@link Embedder#embedAll} call
 * @param parallelism batches embedded and stored at once, each on its own thread
 * @param progress told after each round of batches is stored
 */
public record ImportOptions(boolean reEmbed, long resumeAfter, int batchSize, int parallelism,
    ImportProgress.Listener progress) {

  public static final int DEFAULT_BATCH_SIZE = 32;

  /**
   * @throws IllegalArgumentException if {@code resumeAfter} is negative or {@code batchSize} or
   *     {@code parallelism} is not positive
   */
  public ImportOptions {
    Objects.requireNonNull(progress, "progress");
    if (resumeAfter < 0) {
      throw new IllegalArgumentException("resumeAfter: expected 0 or more, got " + resumeAfter);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize: expected a positive size, got " + batchSize);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism: expected 1 or more, got " + parallelism);
    }
  }

  /**
   * Refuses foreign vectors, skips nothing, batches of {@value #DEFAULT_BATCH_SIZE}, one batch per
   * available processor, no progress listener.
   */
  public static ImportOptions defaults() {
    return new ImportOptions(false, 0, DEFAULT_BATCH_SIZE,
        Runtime.getRuntime().availableProcessors(), progress -> { });
  }

  public ImportOptions reEmbedForeignVectors() {
    return new ImportOptions(true, resumeAfter, batchSize, parallelism, progress);
  }

  public ImportOptions resumeAfter(long entries) {
    return new ImportOptions(reEmbed, entries, batchSize, parallelism, progress);
  }

  public ImportOptions batchSize(int entries) {
    return new ImportOptions(reEmbed, resumeAfter, entries, parallelism, progress);
  }

  public ImportOptions parallelism(int batches) {
    return new ImportOptions(reEmbed, resumeAfter, batchSize, batches, progress);
  }

  public ImportOptions onProgress(ImportProgress.Listener listener) {
    return new ImportOptions(reEmbed, resumeAfter, batchSize, parallelism, listener);
  }
}
