package io.semcache.chat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One text for every way of writing the same JSON value: object keys sorted, no insignificant
 * whitespace, numbers by value ({@code 1}, {@code 1.0} and {@code 1e0} are one number). Strings are
 * kept exactly: inside a prompt, whitespace is content.
 */
final class CanonicalJson {

  private CanonicalJson() {}

  /**
   * @param value a tree of {@link Map}s with string keys, {@link List}s, strings, numbers, booleans
   *     and nulls, as JSON libraries produce
   * @param path where the value sits, for the error
   * @throws IllegalArgumentException naming {@code path} for anything else
   */
  static String of(@Nullable Object value, String path) {
    StringBuilder out = new StringBuilder();
    write(value, path, out);
    return out.toString();
  }

  private static void write(@Nullable Object value, String path, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      quote(text, out);
    } else if (value instanceof Boolean flag) {
      out.append(flag);
    } else if (value instanceof Number number) {
      out.append(canonicalNumber(number, path));
    } else if (value instanceof Map<?, ?> map) {
      TreeMap<String, @Nullable Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException(path + ": expected string keys, got "
              + describe(entry.getKey()));
        }
        sorted.put(key, entry.getValue());
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, @Nullable Object> entry : sorted.entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        quote(entry.getKey(), out);
        out.append(':');
        write(entry.getValue(), path + "." + entry.getKey(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(list.get(i), path + "[" + i + "]", out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException(path + ": expected a JSON value (object, array, string,"
          + " number, boolean or null), got " + describe(value));
    }
  }

  static String canonicalNumber(Number number, String path) {
    BigDecimal decimal;
    try {
      decimal = number instanceof BigDecimal big ? big : new BigDecimal(number.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(path + ": expected a finite number, got " + number);
    }
    if (decimal.signum() == 0) {
      return "0";
    }
    return decimal.stripTrailingZeros().toString();
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    text.chars().forEach(c -> out.append(switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      default -> c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c);
    }));
    out.append('"');
  }

  static String describe(@Nullable Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }
}
