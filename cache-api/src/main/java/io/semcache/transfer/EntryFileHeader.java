package io.semcache.transfer;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The first line of an entry file ({@link EntryFile}).
 *
 * @param modelId the embedder of the file's vectors; null in a file without vectors
 * @param dimension their dimension; 0 in a file without vectors
 * @param exportedAt when the export began, if known
 */
public record EntryFileHeader(@Nullable String modelId, int dimension,
    @Nullable Instant exportedAt) {

  /**
   * @throws IllegalArgumentException if exactly one of model id and dimension is given, the model
   *     id is blank or the dimension negative
   */
  public EntryFileHeader {
    if (dimension < 0) {
      throw new IllegalArgumentException("dimension: expected 0 or more, got " + dimension);
    }
    if ((modelId == null) != (dimension == 0)) {
      throw new IllegalArgumentException("modelId and dimension: expected both or neither, got "
          + modelId + " and " + dimension);
    }
    if (modelId != null && modelId.isBlank()) {
      throw new IllegalArgumentException("modelId: expected a non-blank model id");
    }
  }

  /** A file with the vectors of {@code modelId}. */
  public static EntryFileHeader withVectors(String modelId, int dimension, Instant exportedAt) {
    Objects.requireNonNull(modelId, "modelId");
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension: expected a positive number, got " + dimension);
    }
    return new EntryFileHeader(modelId, dimension, exportedAt);
  }

  /** A file without vectors: every prompt is embedded on import. */
  public static EntryFileHeader withoutVectors(@Nullable Instant exportedAt) {
    return new EntryFileHeader(null, 0, exportedAt);
  }

  public boolean hasVectors() {
    return modelId != null;
  }
}
