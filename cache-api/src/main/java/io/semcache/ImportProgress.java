package io.semcache;

/**
 * How far an import is: a checkpoint. Every entry before {@code position} was handled (stored,
 * skipped or refused), so an import resumed with {@link ImportOptions#resumeAfter} of it stores
 * nothing twice; storing an entry again would only replace it with itself anyway, since ids derive
 * from the key.
 *
 * @param position entries of the source handled, counted from its start (resumed ones included)
 * @param stored entries stored by this import so far
 * @param embedded of those, the ones whose prompt was embedded (not reusing an exported vector)
 * @param skippedExpired entries not stored because they had expired
 * @param refused entries refused: by the write policy, the backend (too large, unsupported
 *     metadata), or a blank prompt
 */
public record ImportProgress(long position, long stored, long embedded, long skippedExpired,
    long refused) {

  /** Told of each checkpoint, on the importing thread; a listener that throws stops the import. */
  @FunctionalInterface
  public interface Listener {
    void onProgress(ImportProgress progress);
  }
}
