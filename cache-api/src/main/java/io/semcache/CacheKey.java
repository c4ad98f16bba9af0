package io.semcache;

import java.util.Objects;

/**
 * What a lookup asks for: a prompt, compared semantically, within a partition, matched exactly.
 *
 * <p>A blank prompt is a valid key but is never cached: lookups miss with {@link
 * MissReason#BLANK_PROMPT} and stores are refused. Blank means {@linkplain #isBlankText without a
 * letter, digit or symbol}, so invisible spaces ({@code "\u00A0"}, {@code "\u2007\u202F"}) and
 * zero-width characters are blank too.
 */
public record CacheKey(Partition partition, String prompt) {

  /** @throws NullPointerException if either component is null */
  public CacheKey {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(prompt, "prompt");
  }

  public static CacheKey of(Partition partition, String prompt) {
    return new CacheKey(partition, prompt);
  }

  /** Whether the prompt is {@linkplain #isBlankText blank}, so cannot be matched or stored. */
  public boolean isBlank() {
    return isBlankText(prompt);
  }

  /**
   * The one meaning of "blank" in semcache (prompts, tenants, models, embedder input): the text has
   * no letter, digit or symbol (Unicode categories L, N and S). Whitespace of every kind, format
   * and zero-width characters, combining marks and punctuation alone are blank; Java's {@link
   * String#isBlank()} would let {@code "\u00A0"} or {@code "\u200B"} through, and two such
   * prompts would match each other.
   */
  public static boolean isBlankText(String text) {
    Objects.requireNonNull(text, "text");
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      if (isContent(codePoint)) {
        return false;
      }
      i += Character.charCount(codePoint);
    }
    return true;
  }

  private static boolean isContent(int codePoint) {
    switch (Character.getType(codePoint)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER,
          Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
          Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL:
        return true;
      default:
        return false;
    }
  }
}
