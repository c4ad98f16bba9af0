package io.semcache.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The word lists behind {@link PromptText} and the verifiers, read once from resources next to
 * this class: stopwords, antonym pairs, known names. All English; all domain-general.
 */
final class Lexicon {

  private static final Set<String> STOPWORDS = words("stopwords.txt");
  private static final Set<String> KNOWN_NAMES = lines("known-names.txt");
  private static final Map<String, Set<String>> ANTONYMS = antonyms("antonyms.txt");
  private static final Map<String, String> NAME_ALIASES = aliases("name-aliases.txt");

  private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody",
      "nothing", "nowhere", "neither", "nor", "cannot", "without", "can't", "cant", "won't",
      "wont", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "isn't", "isnt", "aren't",
      "arent", "wasn't", "wasnt", "weren't", "werent", "shouldn't", "shouldnt", "wouldn't",
      "wouldnt", "couldn't", "couldnt", "mustn't", "hasn't", "hasnt", "haven't", "havent",
      "hadn't", "ain't", "unable");

  private static final Set<String> PARTICLES = Set.of("in", "out", "on", "off", "up", "down");
  private static final Set<String> OPPOSITE_PARTICLES = Set.of("in/out", "out/in", "on/off",
      "off/on", "up/down", "down/up");
  private static final Set<String> PHRASAL_VERBS = Set.of("log", "logged", "logging", "sign",
      "signed", "signing", "turn", "turned", "turning", "switch", "switched", "switching", "opt",
      "check", "checked", "checking", "plug", "plugged", "scale", "scaling", "power", "powering",
      "speed", "slow", "shut", "shutting", "zoom", "zooming", "count", "counting");

  /** Number words and date words, mapped to a canonical form compared like digits. */
  private static final Map<String, String> NUMBER_WORDS = numberWords();

  /** Negating prefixes: "install"/"uninstall", "legal"/"illegal". */
  private static final List<String> NEGATING_PREFIXES =
      List.of("un", "dis", "non", "in", "im", "il", "ir", "de");

  private Lexicon() {}

  static boolean isStopword(String token) {
    return STOPWORDS.contains(token);
  }

  static boolean isNegation(String token) {
    return NEGATIONS.contains(token);
  }

  static boolean isKnownName(String lowerCaseText) {
    return KNOWN_NAMES.contains(lowerCaseText);
  }

  /** The canonical spelling of a name: "usa", "united states" and "us" are all "usa". */
  static String canonicalName(String lowerCaseName) {
    String alias = NAME_ALIASES.get(lowerCaseName);
    if (alias != null) {
      return alias;
    }
    // wi-fi / wifi, node.js / nodejs: punctuation inside a name is spelling, not identity.
    String squeezed = lowerCaseName.replaceAll("[-_.]", "");
    return squeezed.isEmpty() ? lowerCaseName : NAME_ALIASES.getOrDefault(squeezed, squeezed);
  }

  static boolean isParticle(String token) {
    return PARTICLES.contains(token);
  }

  static boolean isPhrasalVerb(String token) {
    return PHRASAL_VERBS.contains(token);
  }

  static @Nullable String numberWord(String token) {
    return NUMBER_WORDS.get(token);
  }

  /** The stems that are listed as antonyms of {@code stem}. */
  static Set<String> antonymsOf(String stem) {
    return ANTONYMS.getOrDefault(stem, Set.of());
  }

  /**
   * Whether one word is the other with a negating prefix ("lock"/"unlock"), or the same phrasal
   * verb with the opposite particle ("zoom-in"/"zoom-out", "turn-on"/"turn-off").
   */
  static boolean negatedByPrefix(String a, String b) {
    int dashA = a.lastIndexOf('-');
    int dashB = b.lastIndexOf('-');
    if (dashA > 0 && dashB > 0 && a.substring(0, dashA).equals(b.substring(0, dashB))) {
      return OPPOSITE_PARTICLES.contains(a.substring(dashA + 1) + "/" + b.substring(dashB + 1));
    }
    String longer = a.length() > b.length() ? a : b;
    String shorter = longer == a ? b : a;
    if (shorter.length() < 4) {
      return false;
    }
    for (String prefix : NEGATING_PREFIXES) {
      if (longer.length() == prefix.length() + shorter.length() && longer.startsWith(prefix)
          && longer.endsWith(shorter)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A light stem: possessive, plural and verb endings off, so "enabled", "enabling", "enables"
   * and "enable" meet. Deliberately crude: it only has to make a word meet its own forms.
   */
  static String stem(String token) {
    String w = token;
    if (w.endsWith("'s")) {
      w = w.substring(0, w.length() - 2);
    }
    if (w.length() > 4 && w.endsWith("ies")) {
      w = w.substring(0, w.length() - 3) + "y";
    } else if (w.length() > 4 && w.endsWith("sses")) {
      w = w.substring(0, w.length() - 2);
    } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")
        && !w.endsWith("is")) {
      w = w.substring(0, w.length() - 1);
    }
    if (w.length() > 5 && w.endsWith("ing")) {
      w = undouble(w.substring(0, w.length() - 3));
    } else if (w.length() > 4 && w.endsWith("ed")) {
      w = undouble(w.substring(0, w.length() - 2));
    }
    // Comparatives after verb endings, so "overwatering" and "overwater" meet.
    if (w.length() > 5 && w.endsWith("est")) {
      w = undouble(w.substring(0, w.length() - 3)); // fastest, thinnest
    } else if (w.length() > 5 && w.endsWith("er")) {
      w = undouble(w.substring(0, w.length() - 2)); // faster, thinner, borrower
    }
    if (w.length() > 4 && w.endsWith("e")) {
      w = w.substring(0, w.length() - 1);
    }
    return w;
  }

  private static String undouble(String w) {
    int n = w.length();
    if (n > 3 && w.charAt(n - 1) == w.charAt(n - 2) && "aeiouls".indexOf(w.charAt(n - 1)) < 0) {
      return w.substring(0, n - 1);
    }
    return w;
  }

  private static Map<String, String> numberWords() {
    Map<String, String> words = new HashMap<>();
    String[] units = {"zero", "", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen"};
    for (int i = 0; i < units.length; i++) {
      if (!units[i].isEmpty()) {
        words.put(units[i], Integer.toString(i));
      }
    }
    String[] tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety"};
    for (int i = 0; i < tens.length; i++) {
      words.put(tens[i], Integer.toString((i + 2) * 10));
    }
    words.put("hundred", "100");
    words.put("thousand", "1000");
    words.put("million", "1000000");
    words.put("billion", "1000000000");
    words.put("dozen", "12");
    words.put("half", "0.5");
    String[] ordinals = {"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
        "eighth", "ninth", "tenth", "eleventh", "twelfth"};
    for (int i = 1; i < ordinals.length; i++) {
      words.put(ordinals[i], "ordinal:" + i);
    }

    String[] months = {"january", "february", "march", "april", "june", "july", "august",
        "september", "october", "november", "december"};
    for (String month : months) {
      words.put(month, "month:" + month);
    }
    for (String day : new String[] {"monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "today", "tomorrow", "yesterday"}) {
      words.put(day, "day:" + day);
    }
    return Map.copyOf(words);
  }

  private static Set<String> words(String resource) {
    Set<String> words = new HashSet<>();
    for (String line : lines(resource)) {
      for (String word : line.split("\\s+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
    }
    return Set.copyOf(words);
  }

  private static Map<String, Set<String>> antonyms(String resource) {
    Map<String, Set<String>> map = new HashMap<>();
    for (String line : lines(resource)) {
      String[] pair = line.split("\\s+");
      if (pair.length != 2) {
        throw new IllegalStateException(resource + ": expected two words a line, got '" + line
            + "'");
      }
      String a = stem(pair[0]);
      String b = stem(pair[1]);
      map.computeIfAbsent(a, k -> new HashSet<>()).add(b);
      map.computeIfAbsent(b, k -> new HashSet<>()).add(a);
    }
    Map<String, Set<String>> frozen = new HashMap<>();
    map.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
    return Map.copyOf(frozen);
  }

  private static Map<String, String> aliases(String resource) {
    Map<String, String> map = new HashMap<>();
    for (String line : lines(resource)) {
      String[] names = line.split("\\s*=\\s*");
      for (String name : names) {
        map.put(name, names[0]);
      }
    }
    return Map.copyOf(map);
  }

  private static Set<String> lines(String resource) {
    List<String> lines = new ArrayList<>();
    try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/semcache/verify/" + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in,
          StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          lines.add(trimmed);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(lines);
  }
}
