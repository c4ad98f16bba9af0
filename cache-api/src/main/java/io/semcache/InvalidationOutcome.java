package io.semcache;

/** What {@link SemanticCache#invalidate(EntryId)} did. */
public enum InvalidationOutcome {
  /** A live entry with that id was removed. */
  REMOVED,
  /** The backend has no live entry with that id (never stored, already removed, or expired). */
  NOT_FOUND,
  /** The backend failed; counted and logged ({@link FailureMode#FAIL_OPEN} only). */
  FAILED;

  public boolean isRemoved() {
    return this == REMOVED;
  }
}
