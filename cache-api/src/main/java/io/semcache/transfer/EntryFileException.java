package io.semcache.transfer;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A line of an entry file is not what the format says ({@link EntryFile}). The message names the
 * file, the line and the field: {@code entries.jsonl:12: response: expected a string, got a
 * number}.
 */
public final class EntryFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final long line;
  private final @Nullable String field;

  EntryFileException(@Nullable Path file, long line, @Nullable String field, String problem,
      @Nullable Throwable cause) {
    super((file == null ? "line " : file.getFileName() + ":") + line + ": "
        + (field == null ? "" : field + ": ") + problem, cause);
    this.line = line;
    this.field = field;
  }

  /** The line, counted from 1. */
  public long line() {
    return line;
  }

  /** The field in error, null when the line as a whole is. */
  public @Nullable String field() {
    return field;
  }
}
