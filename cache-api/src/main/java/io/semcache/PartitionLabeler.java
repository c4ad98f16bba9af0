package io.semcache;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a partition to the value of the {@code partition} tag on metrics. Tag values must be
 * bounded (every distinct value is a time series), so labelers never expose raw tenant ids unless
 * the user writes one that does.
 */
@FunctionalInterface
public interface PartitionLabeler {

  /** Name of the label used once a bounded labeler has seen too many distinct values. */
  String OVERFLOW_LABEL = "other";

  String label(Partition partition);

  /** Every partition gets the label {@code all}. */
  static PartitionLabeler none() {
    return partition -> "all";
  }

  /**
   * Labels by LLM model name, the default; after {@code maxDistinct} distinct models, further ones
   * are labelled {@value #OVERFLOW_LABEL}.
   */
  static PartitionLabeler byModel(int maxDistinct) {
    return bounded(Partition::model, maxDistinct);
  }

  /**
   * Applies {@code labeler}, but caps the number of distinct labels at {@code maxDistinct}; later
   * distinct labels become {@value #OVERFLOW_LABEL}.
   *
   * @throws IllegalArgumentException if {@code maxDistinct} is not positive
   */
  static PartitionLabeler bounded(PartitionLabeler labeler, int maxDistinct) {
    Objects.requireNonNull(labeler, "labeler");
    if (maxDistinct <= 0) {
      throw new IllegalArgumentException("maxDistinct: expected a positive integer, got " + maxDistinct);
    }
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return partition -> {
      String label = labeler.label(partition);
      if (seen.contains(label)) {
        return label;
      }
      synchronized (seen) {
        if (seen.size() < maxDistinct) {
          seen.add(label);
          return label;
        }
      }
      return OVERFLOW_LABEL;
    };
  }
}
