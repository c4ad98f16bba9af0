package io.semcache.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How rare each word stem is among a set of prompts (inverse document frequency). Two prompts
 * that differ only in common words ("how can I" / "what is the way to") usually ask the same
 * thing; two that differ in a rare word ("learn Haskell" / "learn Erlang") usually do not. A stem
 * never seen counts as rarest.
 */
public final class TermRarity {

  private final int documents;
  private final Map<String, Integer> documentFrequency;
  private final double maxIdf;

  public TermRarity(int documents, Map<String, Integer> documentFrequency) {
    if (documents < 1) {
      throw new IllegalArgumentException("documents: expected at least 1, got " + documents);
    }
    this.documents = documents;
    this.documentFrequency = Map.copyOf(Objects.requireNonNull(documentFrequency,
        "documentFrequency"));
    this.maxIdf = Math.log(documents + 1.0);
  }

  /**
   * Counts the stems of {@code texts}, keeping those seen at least {@code minDocuments} times
   * (rarer ones cost space and count as unseen anyway).
   */
  public static TermRarity of(Collection<String> texts, int minDocuments) {
    Map<String, Integer> counts = new HashMap<>();
    for (String text : texts) {
      for (String stem : new HashSet<>(PromptText.of(text).stems())) {
        counts.merge(stem, 1, Integer::sum);
      }
    }
    counts.values().removeIf(count -> count < minDocuments);
    return new TermRarity(texts.size(), counts);
  }

  /** Inverse document frequency of a stem, in [0, log(documents + 1)]. */
  public double idf(String stem) {
    Integer df = documentFrequency.get(stem);
    return df == null ? maxIdf : Math.log((documents + 1.0) / (df + 1.0));
  }

  /** The largest idf, which unseen stems get. */
  public double maxIdf() {
    return maxIdf;
  }

  public int documents() {
    return documents;
  }

  /** Entries as "stem count" strings, sorted, for the model file. */
  List<String> entries() {
    List<String> entries = new ArrayList<>(documentFrequency.size());
    documentFrequency.forEach((stem, count) -> entries.add(stem + " " + count));
    entries.sort(null);
    return entries;
  }

  static TermRarity fromEntries(int documents, List<String> entries) {
    Map<String, Integer> frequency = new HashMap<>();
    for (String entry : entries) {
      int space = entry.lastIndexOf(' ');
      if (space <= 0) {
        throw new IllegalArgumentException("document_frequencies: expected \"stem count\", got \""
            + entry + "\"");
      }
      frequency.put(entry.substring(0, space), Integer.parseInt(entry.substring(space + 1)));
    }
    return new TermRarity(documents, frequency);
  }
}
