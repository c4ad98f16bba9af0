package io.semcache.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A strict JSON (RFC 8259) reader into maps, lists, strings, {@link BigDecimal}s, booleans and
 * nulls that refuses duplicate keys; the one JSON reader of the library. Two forms: {@link
 * #document} for a request body (64 levels, errors by offset) and {@link #line} for one line of a
 * JSON-lines file (16 levels, no raw newline, errors by column). Bounded: the input's own length
 * and the depth limit bound the work.
 *
 * <p>Internal to semcache, public only so its packages can share it; not part of the API.
 */
public final class StrictJson {

  private final String text;
  private final int maxDepth;
  private final boolean line;
  private int at;

  private StrictJson(String text, int maxDepth, boolean line) {
    this.text = text;
    this.maxDepth = maxDepth;
    this.line = line;
  }

  /**
   * One JSON document, at most 64 levels deep.
   *
   * @throws IllegalArgumentException starting {@code json:}, naming the offset and what was
   *     expected
   */
  public static @Nullable Object document(String text) {
    return new StrictJson(text, 64, false).readWhole();
  }

  /**
   * One line of a JSON-lines file, at most 16 levels deep.
   *
   * @throws IllegalArgumentException naming the column and what was expected
   */
  public static @Nullable Object line(String text) {
    return new StrictJson(text, 16, true).readWhole();
  }

  private @Nullable Object readWhole() {
    skipSpace();
    Object value = value(0);
    skipSpace();
    if (at != text.length()) {
      throw error(line ? "the end of the line" : "the end of the document");
    }
    return value;
  }

  private @Nullable Object value(int depth) {
    if (depth > maxDepth) {
      throw new IllegalArgumentException(line
          ? "nested deeper than " + maxDepth + " levels at column " + (at + 1)
          : "json: nested deeper than " + maxDepth + " levels at offset " + at);
    }
    if (at >= text.length()) {
      throw error("a value");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("a value");
      }
    };
  }

  private Map<String, @Nullable Object> object(int depth) {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    at++;
    skipSpace();
    if (peek('}')) {
      at++;
      return map;
    }
    while (true) {
      skipSpace();
      if (!peek('"')) {
        throw error("a string key");
      }
      int keyAt = at;
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (map.containsKey(key)) {
        // Two readers of one body could take different values; refuse rather than pick one.
        at = keyAt;
        throw error("no duplicate key \"" + key + "\"");
      }
      map.put(key, value(depth + 1));
      skipSpace();
      if (peek(',')) {
        at++;
        continue;
      }
      expect('}');
      return map;
    }
  }

  private List<@Nullable Object> array(int depth) {
    List<@Nullable Object> list = new ArrayList<>();
    at++;
    skipSpace();
    if (peek(']')) {
      at++;
      return list;
    }
    while (true) {
      skipSpace();
      list.add(value(depth + 1));
      skipSpace();
      if (peek(',')) {
        at++;
        continue;
      }
      expect(']');
      return list;
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    at++;
    while (true) {
      if (at >= text.length()) {
        throw error("a closing quote");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        at--;
        throw error("no raw control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw error("an escape");
      }
      char escape = text.charAt(at++);
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("four hex digits");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException e) {
            throw error("four hex digits");
          }
          at += 4;
        }
        default -> {
          at--;
          throw error("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u");
        }
      }
    }
  }

  private BigDecimal number() {
    int start = at;
    if (peek('-')) {
      at++;
    }
    if (peek('0')) {
      at++;
    } else if (!digits()) {
      throw error("a digit");
    }
    if (peek('.')) {
      at++;
      if (!digits()) {
        throw error("a digit after the decimal point");
      }
    }
    if (peek('e') || peek('E')) {
      at++;
      if (peek('+') || peek('-')) {
        at++;
      }
      if (!digits()) {
        throw error("a digit in the exponent");
      }
    }
    try {
      return new BigDecimal(text.substring(start, at));
    } catch (NumberFormatException e) {
      at = start;
      throw error("a number with an exponent Java can hold");
    }
  }

  private boolean digits() {
    int start = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    return at > start;
  }

  private @Nullable Object literal(String word, @Nullable Object value) {
    if (!text.startsWith(word, at)) {
      throw error("a value");
    }
    at += word.length();
    return value;
  }

  private void skipSpace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\r' && (line || c != '\n')) {
        return;
      }
      at++;
    }
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("'" + c + "'");
    }
    at++;
  }

  private IllegalArgumentException error(String expected) {
    if (line) {
      String found = at >= text.length() ? "the end of the line" : "'" + text.charAt(at) + "'";
      return new IllegalArgumentException("expected " + expected + " at column " + (at + 1)
          + ", found " + found);
    }
    String found = at >= text.length() ? "the end of the input" : "'" + text.charAt(at) + "'";
    return new IllegalArgumentException("json: expected " + expected + " at offset " + at
        + ", found " + found);
  }
}
