package io.semcache.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a candidate that uses the same words with two parts exchanged around a part that stays:
 * "convert Celsius to Fahrenheit" / "convert Fahrenheit to Celsius", "do spiders eat ants" / "do
 * ants eat spiders", "is Go faster than Rust" / "is Rust faster than Go". The other rules compare
 * word sets, and the embedding scores such pairs 0.98 and above, so without this they are served.
 *
 * <p>Two exchanges keep the meaning and are let through: parts joined only by a symmetric
 * connector ("cats and dogs" / "dogs and cats", "A vs B", "A or B", "compare A with B"), and a
 * part that moves with nothing between ("learn Java quickly" / "quickly learn Java", "in Excel,
 * how do I ..." / "how do I ... in Excel"). Prompts whose words differ in any other way are left
 * to the other verifiers; so are prompts whose differing stretch is longer than {@value
 * #MAX_EXCHANGE} words, which bounds the work.
 */
public final class WordOrderVerifier extends PromptRule {

  public static final String NAME = "word-order";

  /** The longest differing stretch examined, in words: the search is cubic in it. */
  static final int MAX_EXCHANGE = 48;

  /** Words dropped before comparing: "the landlord" and "a landlord" name the same party. */
  private static final Set<String> ARTICLES = Set.of("a", "an", "the");
  /** A capital "A" inside a sentence ("product A", "type A"), which names something. */
  private static final Pattern NAMED_A = Pattern.compile("[^.!?\\s]\\s+A\\b(?!')");
  /** A lowercase "a" word, the article. */
  private static final Pattern ARTICLE_A = Pattern.compile("(?<![\\p{L}\\p{N}'])a(?![\\p{L}\\p{N}'])");
  /** A middle made only of these joins the exchanged parts symmetrically. */
  private static final Set<String> SYMMETRIC = Set.of("and", "or", "vs", "versus", "nor", "v");
  /** After a comparison verb these join symmetrically too: "compare A with B". */
  private static final Set<String> COMPARING = Set.of("with", "to", "against", "and");

  public WordOrderVerifier() {
    super(NAME, WordOrderVerifier::exchangeReason);
  }

  /** Why the two prompts say different things in the same words, or null when they do not. */
  public static @Nullable String exchangeReason(PromptText query, PromptText candidate) {
    boolean queryNamesA = namesA(query);
    boolean candidateNamesA = namesA(candidate);
    List<String> q = words(query, queryNamesA, true, true);
    List<String> c = words(candidate, candidateNamesA, true, true);
    String reason = exchangeReason(q, c);
    if (reason == null) {
      // A plural possessive ("parents'") has no marker: compare without them too.
      q = words(query, queryNamesA, true, false);
      c = words(candidate, candidateNamesA, true, false);
      reason = exchangeReason(q, c);
      if (reason == null && q.equals(c)) {
        // Stemming merged two different words ("http" and "https"): compare them as written.
        reason = exchangeReason(words(query, queryNamesA, false, true),
            words(candidate, candidateNamesA, false, true));
      }
    }
    return reason;
  }

  private static @Nullable String exchangeReason(List<String> s, List<String> t) {
    if (s.size() != t.size() || s.equals(t) || !sameWords(s, t)) {
      return null;
    }
    int prefix = 0;
    while (s.get(prefix).equals(t.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (s.get(s.size() - 1 - suffix).equals(t.get(t.size() - 1 - suffix))) {
      suffix++;
    }
    List<String> x = s.subList(prefix, s.size() - suffix);
    List<String> y = t.subList(prefix, t.size() - suffix);
    int n = x.size();
    if (n > MAX_EXCHANGE) {
      return null;
    }
    // x = A M B and y = B M A, A and B not empty: the shortest A that fits, then the shortest B.
    for (int a = 1; a < n; a++) {
      if (!x.subList(0, a).equals(y.subList(n - a, n))) {
        continue;
      }
      for (int b = 1; a + b <= n; b++) {
        List<String> first = x.subList(0, a);
        List<String> second = x.subList(n - b, n);
        List<String> middle = x.subList(a, n - b);
        if (second.equals(y.subList(0, b)) && middle.equals(y.subList(b, n - a))) {
          return isMeaningful(first, middle, second, s.subList(0, prefix))
              ? "word order: \"" + String.join(" ", first) + "\" and \""
                  + String.join(" ", second) + "\" exchanged around \""
                  + String.join(" ", middle) + "\""
              : null;
        }
      }
    }
    return null;
  }

  /** An exchange that changes the question: around something, not symmetric, of content. */
  private static boolean isMeaningful(List<String> first, List<String> middle,
      List<String> second, List<String> before) {
    if (middle.isEmpty() || !hasContent(first) || !hasContent(second)) {
      return false;
    }
    if (SYMMETRIC.containsAll(middle) || repeatsTheHead(middle, before)) {
      return false;
    }
    boolean comparing = !before.isEmpty() && before.get(before.size() - 1).startsWith("compar");
    return !(comparing && COMPARING.containsAll(middle));
  }

  /**
   * A symmetric connector followed by the words just before the first part: "plan A or plan B",
   * where "plan" is said again for the second part rather than being a relation between them.
   */
  private static boolean repeatsTheHead(List<String> middle, List<String> before) {
    int head = middle.size() - 1;
    if (head < 1 || head > before.size() || !SYMMETRIC.contains(middle.get(0))) {
      return false;
    }
    return middle.subList(1, middle.size())
        .equals(before.subList(before.size() - head, before.size()));
  }

  private static boolean hasContent(List<String> words) {
    return words.stream().anyMatch(w -> !Lexicon.isStopword(w));
  }

  /**
   * The words compared, without articles (but with a capital "A" that names something), stemmed
   * or not. With {@code possessives}, a
   * possessive's "'s" stays as a word of its own: it is the relation in "my boss's wife" / "my
   * wife's boss".
   */
  private static List<String> words(PromptText text, boolean aIsAName, boolean stemmed,
      boolean possessives) {
    List<String> words = new ArrayList<>(text.tokens().size() + 2);
    for (String token : text.tokens()) {
      if (aIsAName && token.equals("a")) {
        words.add("A");
        continue;
      }
      if (ARTICLES.contains(token)) {
        continue;
      }
      boolean possessive = token.endsWith("'s") && token.length() > 2;
      String word = possessive ? token.substring(0, token.length() - 2) : token;
      words.add(stemmed ? Lexicon.stem(word) : word);
      if (possessive && possessives) {
        words.add("'s");
      }
    }
    return words;
  }

  /**
   * Whether the text's "a" is a name: tokens are lower case, so only when the text has a capital
   * one inside a sentence and no article "a" to confuse it with.
   */
  private static boolean namesA(PromptText text) {
    return NAMED_A.matcher(text.original()).find() && !ARTICLE_A.matcher(text.original()).find();
  }

  private static boolean sameWords(List<String> s, List<String> t) {
    List<String> a = new ArrayList<>(s);
    List<String> b = new ArrayList<>(t);
    a.sort(null);
    b.sort(null);
    return a.equals(b);
  }
}
