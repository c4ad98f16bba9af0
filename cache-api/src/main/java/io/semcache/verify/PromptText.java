package io.semcache.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt broken into the pieces the verifiers compare: lower-cased word tokens, their light
 * stems, content words, numbers, and named things (identifiers, capitalised names, known proper
 * nouns). Computed once per prompt; immutable.
 */
public final class PromptText {

  // Numbers with thousands separators first, then words and identifiers (gpt-4, node.js, v2.1).
  private static final Pattern TOKEN = Pattern.compile("\\d{1,2}:\\d{2}"
      + "|\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?"
      + "|[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?(?:[.\\-_+#][\\p{L}\\p{N}]+)*[+#]*");
  // A token that is a number: 1,000 / 2.5 / 30k / 10% / 2nd. Identifiers like F1 or M402 are not.
  private static final Pattern NUMBER =
      Pattern.compile("(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?(k|m|bn|%|st|nd|rd|th|s)?");
  // A number glued to a unit: 8gb, 500mg, 5km, 2.5l. The unit is compared like a word.
  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(gb|mb|kb|tb|kg|mg|g|ml|l|km|cm|mm|mph|kmh|hz|ghz|mhz"
          + "|kw|w|v|mah|fps|lb|lbs|oz|ft|in|am|pm|h|hr|hrs|min|sec|yr|yrs)");

  private final String original;
  private final List<String> tokens;
  private final List<String> stems;
  private final Set<String> contentStems;
  private final List<String> numbers;
  private final Set<String> names;
  private final int negations;

  private PromptText(String original) {
    this.original = original;
    List<String> rawTokens = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    Matcher m = TOKEN.matcher(original);
    while (m.find()) {
      rawTokens.add(m.group());
      starts.add(m.start());
    }
    List<String> lower = new ArrayList<>(rawTokens.size());
    List<String> stemmed = new ArrayList<>(rawTokens.size());
    Set<String> content = new LinkedHashSet<>();
    List<String> nums = new ArrayList<>();
    Set<String> named = new LinkedHashSet<>();
    int negationCount = 0;
    for (int i = 0; i < rawTokens.size(); i++) {
      String raw = rawTokens.get(i);
      String token = raw.toLowerCase(Locale.ROOT).replace('’', '\'');
      lower.add(token);
      String stem = Lexicon.stem(token);
      stemmed.add(stem);
      if (i > 0 && Lexicon.isParticle(token) && Lexicon.isPhrasalVerb(lower.get(i - 1))) {
        // "log in" / "log out" become one stem, so the particle's flip is seen.
        String phrasal = stemmed.get(i - 1) + "-" + token;
        stemmed.add(phrasal);
        content.add(phrasal);
      }
      if (Lexicon.isNegation(token) && !isAlternativeQuestion(lower, i)) {
        negationCount++;
      }
      if ((token.equals("am") || token.equals("pm")) && i > 0
          && lower.get(i - 1).chars().allMatch(Character::isDigit)) {
        nums.add("time:" + token); // 9 am / 9 pm; "am" elsewhere is the verb
      }
      String numeric = token.endsWith("'s") ? token.substring(0, token.length() - 2) : token;
      if (numeric.matches("\\d{1,2}:\\d{2}")) {
        numeric = numeric.endsWith(":00") ? numeric.substring(0, numeric.length() - 3) : numeric;
        nums.add(numeric); // 7:00 is 7; 7:30 stays
        continue;
      }
      for (String part : numeric.split("-")) {
        Matcher unit = NUMBER_WITH_UNIT.matcher(part);
        if (unit.matches()) {
          numbers(unit.group(1), nums);
          content.add(unit.group(2));
        } else {
          numbers(part, nums);
        }
      }
      if (!Lexicon.isStopword(token)) {
        content.add(stem);
      }
      if (isName(raw, token, starts.get(i), original)) {
        named.add(Lexicon.canonicalName(token.endsWith("'s")
            ? token.substring(0, token.length() - 2) : token));
      }
    }
    // Multi-word known names (new york, machine learning is not one; south africa is).
    for (int i = 0; i + 1 < lower.size(); i++) {
      String bigram = lower.get(i) + " " + lower.get(i + 1);
      if (Lexicon.isKnownName(bigram)) {
        named.add(Lexicon.canonicalName(bigram));
      }
    }
    this.tokens = Collections.unmodifiableList(lower);
    this.stems = Collections.unmodifiableList(stemmed);
    this.contentStems = Collections.unmodifiableSet(content);
    this.numbers = Collections.unmodifiableList(nums);
    this.names = Collections.unmodifiableSet(named);
    this.negations = negationCount;
  }

  /**
   * Recently analysed prompts of this thread: each verifier of a chain analyses the same query
   * and candidate, so a lookup analyses each text once, not once per verifier.
   */
  private static final ThreadLocal<java.util.Map<String, PromptText>> RECENT =
      ThreadLocal.withInitial(() -> new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, PromptText> eldest) {
          return size() > 8;
        }
      });

  public static PromptText of(String prompt) {
    java.util.Map<String, PromptText> recent = RECENT.get();
    PromptText text = recent.get(prompt);
    if (text == null) {
      text = new PromptText(prompt);
      recent.put(prompt, text);
    }
    return text;
  }

  public String original() {
    return original;
  }

  /** Lower-cased word tokens in order. */
  public List<String> tokens() {
    return tokens;
  }

  /** Light stems of {@link #tokens()}, in order. */
  public List<String> stems() {
    return stems;
  }

  /** Stems of the tokens that are not stopwords. */
  public Set<String> contentStems() {
    return contentStems;
  }

  /** Numbers as written in digits or words, normalised ({@code 1,000} and {@code 1000} alike). */
  public List<String> numbers() {
    return numbers;
  }

  /**
   * Named things, lower-cased: identifiers with digits or inner punctuation ({@code gpt-4},
   * {@code node.js}, {@code x86}), all-caps acronyms, capitalised words not at a sentence start,
   * and known proper nouns (countries, cities, languages, technologies, brands).
   */
  public Set<String> names() {
    return names;
  }

  /** How many negation words ({@code not}, {@code never}, {@code can't}...) the prompt has. */
  public int negations() {
    return negations;
  }

  /** "... or not?", "why or why not": the question covers both answers, nothing is negated. */
  private static boolean isAlternativeQuestion(List<String> tokens, int index) {
    return index >= 1 && tokens.get(index - 1).equals("or")
        || index >= 3 && tokens.get(index - 1).equals("why") && tokens.get(index - 2).equals("or");
  }

  private static void numbers(String token, List<String> out) {
    Matcher m = NUMBER.matcher(token);
    if (m.matches()) {
      java.math.BigDecimal value = new java.math.BigDecimal(m.group(1).replace(",", "")
          + (m.group(2) == null ? "" : m.group(2)));
      String suffix = m.group(3) == null ? "" : m.group(3);
      switch (suffix) {
        case "k" -> value = value.movePointRight(3);
        case "m" -> value = value.movePointRight(6);
        case "bn" -> value = value.movePointRight(9);
        default -> { }
      }
      // 1,000 / 1000 / 1k and 2.50 / 2.5 are each one number; 10% keeps its sign.
      String normalised = value.stripTrailingZeros().toPlainString();
      out.add(suffix.equals("%") ? normalised + "%" : normalised);
      return;
    }
    String word = Lexicon.numberWord(token);
    if (word != null) {
      out.add(word);
    }
  }

  private static boolean isName(String raw, String token, int start, String text) {
    if (Lexicon.isKnownName(token)) {
      return true;
    }
    boolean allCaps = raw.length() >= 2 && raw.chars().allMatch(
        c -> !Character.isLetter(c) || Character.isUpperCase(c));
    if (allCaps && !Lexicon.canonicalName(token).equals(token)) {
      return true; // US, UK: acronyms that are also stopwords in lower case
    }
    if (token.length() < 2 || Lexicon.isStopword(token) || NUMBER.matcher(token).matches()
        || NUMBER_WITH_UNIT.matcher(token).matches()) {
      return false;
    }
    boolean hasDigit = false;
    boolean hasLetter = false;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      hasDigit |= Character.isDigit(c);
      hasLetter |= Character.isLetter(c);
    }
    if (hasDigit && hasLetter) {
      return true; // x86, gpt-4, ipv6, covid19
    }
    if (hasLetter && raw.chars().anyMatch(c -> c == '.' || c == '#' || c == '+')
        && !raw.endsWith(".")) {
      return true; // node.js, c#, c++
    }
    if (allCaps && hasLetter) {
      return true; // AWS, USB
    }
    boolean capitalised = Character.isUpperCase(raw.charAt(0));
    // Capitalised mid-sentence is a name, unless the whole text is in title case.
    return capitalised && !atSentenceStart(text, start) && !mostlyCapitalised(text);
  }

  private static boolean atSentenceStart(String text, int start) {
    for (int i = start - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '(') {
        continue;
      }
      return c == '.' || c == '?' || c == '!' || c == ':' || c == '\n';
    }
    return true;
  }

  /** Title Case Text: most words after the first are capitalised, so capitals say nothing. */
  private static boolean mostlyCapitalised(String text) {
    String[] words = text.trim().split("\\s+");
    int counted = 0;
    int capitalised = 0;
    for (int i = 1; i < words.length; i++) {
      String word = words[i];
      if (!word.isEmpty() && Character.isLetter(word.charAt(0))) {
        counted++;
        if (Character.isUpperCase(word.charAt(0))) {
          capitalised++;
        }
      }
    }
    return counted >= 3 && capitalised * 10 > counted * 6;
  }

}
