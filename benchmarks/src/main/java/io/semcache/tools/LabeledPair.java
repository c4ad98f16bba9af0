package io.semcache.tools;

import java.util.Objects;

/** Two questions and whether people labelled them duplicates (same meaning). */
public record LabeledPair(String a, String b, boolean duplicate) {
  public LabeledPair {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
  }
}
