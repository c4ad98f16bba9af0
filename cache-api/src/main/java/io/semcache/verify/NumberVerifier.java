package io.semcache.verify;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a candidate when both prompts state numbers (digits, number words, dates, months,
 * weekdays) and they are not the same: "convert 10 USD" / "convert 100 USD", "in 2019" / "in
 * 2020". A number on one side only is left to the acceptance model: "learn Python 3" / "learn
 * Python" is often the same question.
 */
public final class NumberVerifier extends PromptRule {

  public static final String NAME = "numbers";

  public NumberVerifier() {
    super(NAME, NumberVerifier::mismatchReason);
  }

  public static @Nullable String mismatchReason(PromptText query, PromptText candidate) {
    List<String> a = query.numbers();
    List<String> b = candidate.numbers();
    if (a.isEmpty() || b.isEmpty()) {
      return null;
    }
    // "7 am" and "7 in the morning": a time of day only counts when both sides give one.
    boolean timeA = a.stream().anyMatch(n -> n.startsWith("time:"));
    boolean timeB = b.stream().anyMatch(n -> n.startsWith("time:"));
    if (timeA != timeB) {
      a = a.stream().filter(n -> !n.startsWith("time:")).toList();
      b = b.stream().filter(n -> !n.startsWith("time:")).toList();
    }
    List<String> onlyA = new ArrayList<>(a);
    List<String> onlyB = new ArrayList<>(b);
    for (String n : b) {
      onlyA.remove(n);
    }
    for (String n : a) {
      onlyB.remove(n);
    }
    if (onlyA.isEmpty() && onlyB.isEmpty()) {
      return null;
    }
    return "numbers differ: " + (onlyA.isEmpty() ? "-" : String.join(", ", onlyA)) + " vs "
        + (onlyB.isEmpty() ? "-" : String.join(", ", onlyB));
  }
}
