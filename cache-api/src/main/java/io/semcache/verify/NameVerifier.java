package io.semcache.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a candidate that swaps one named thing for another: a place, language, product,
 * version or identifier ("capital of France" / "capital of Germany", "Java 17" / "Java 21",
 * "install on Windows" / "install on macOS"). A name counts as present on the other side when it
 * appears there in any case, so capitalisation alone is no swap. A name on one side only is left
 * to the acceptance model.
 */
public final class NameVerifier extends PromptRule {

  public static final String NAME = "names";

  /**
   * A swap is one or two names replaced by others in otherwise matching prompts; prompts that
   * differ in more names differ broadly, which the similarity and the acceptance model judge.
   */
  private static final int MAX_SWAPPED = 2;

  public NameVerifier() {
    super(NAME, NameVerifier::swapReason);
  }

  public static @Nullable String swapReason(PromptText query, PromptText candidate) {
    List<String> onlyInQuery = unmatched(query.names(), candidate);
    if (onlyInQuery.isEmpty() || onlyInQuery.size() > MAX_SWAPPED) {
      return null;
    }
    List<String> onlyInCandidate = unmatched(candidate.names(), query);
    if (onlyInCandidate.isEmpty() || onlyInCandidate.size() > MAX_SWAPPED) {
      return null;
    }
    return "names differ: " + String.join(", ", onlyInQuery) + " vs "
        + String.join(", ", onlyInCandidate);
  }

  /**
   * Names of one prompt that the other does not mention in any form: not as a name, not as a
   * word, not as a longer name containing it, and not as a word sharing its stem ("india" and
   * "indian", "islam" and "islamic").
   */
  public static List<String> unmatched(Set<String> names, PromptText other) {
    List<String> missing = new ArrayList<>();
    String otherText = " " + String.join(" ", other.tokens()) + " "
        + String.join(" ", other.tokens()).replaceAll("[-_.]", "") + " ";
    for (String name : names) {
      if (!other.names().contains(name) && !otherText.contains(" " + name + " ")
          && !coveredByLongerName(name, other.names()) && !sharesAStem(name, other)) {
        missing.add(name);
      }
    }
    return missing;
  }

  private static boolean sharesAStem(String name, PromptText other) {
    if (name.contains(" ")) {
      return false;
    }
    for (String token : other.tokens()) {
      if (token.equals(name + "s") || name.equals(token + "s")) {
        return true; // VPN / VPNs
      }
    }
    if (name.length() < 4) {
      return false;
    }
    String stem = Lexicon.stem(name);
    for (String token : other.tokens()) {
      String otherStem = Lexicon.stem(token);
      int common = Math.min(stem.length(), otherStem.length());
      if (common >= 4 && (stem.startsWith(otherStem) || otherStem.startsWith(stem))
          && Math.abs(stem.length() - otherStem.length()) <= 3) {
        return true;
      }
    }
    return false;
  }

  private static boolean coveredByLongerName(String name, Set<String> names) {
    for (String other : names) {
      if (other.contains(" ") && (other.startsWith(name + " ") || other.endsWith(" " + name))) {
        return true;
      }
    }
    return false;
  }
}
