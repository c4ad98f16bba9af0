package io.semcache.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Java type a YAML value is read as, for {@link ConfigSection#bind} and {@link
 * ConfigSection#get}. A type only converts: a value of another type is a problem ({@code expected
 * an integer, got "sixteen"}). Whether the value is allowed (a range, a required value, a rule
 * between options) is the setter's business, stated once there.
 *
 * <p>Strings are {@code ${ENV}}-expanded before conversion, so {@code port: ${MILVUS_PORT:-19530}}
 * reads as an integer.
 *
 * @param <T> the converted value's type
 */
public final class ConfigType<T> {

  /** Converts an expanded YAML scalar; null when it is not of this type. */
  interface Converter<T> {
    @Nullable T convert(Object value, @Nullable Path baseDirectory);
  }

  private static final Pattern DURATION_TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  /** An integer that fits an {@code int}, or a string holding one. */
  public static final ConfigType<Integer> INT = new ConfigType<>("an integer", (v, d) -> {
    Long l = toLong(v);
    return l != null && l == l.intValue() ? l.intValue() : null;
  });

  /** An integer that fits a {@code long}, or a string holding one. */
  public static final ConfigType<Long> LONG = new ConfigType<>("an integer", (v, d) -> toLong(v));

  /** A number, or a string holding one. */
  public static final ConfigType<Double> DOUBLE = new ConfigType<>("a number", (v, d) -> {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return v instanceof String s ? Double.parseDouble(s.trim()) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  });

  /** {@code true} or {@code false}, also as a string, in any case. */
  public static final ConfigType<Boolean> BOOL = new ConfigType<>("true or false", (v, d) -> {
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v instanceof String t ? t.trim().toLowerCase(Locale.ROOT) : "";
    return s.equals("true") || s.equals("false") ? Boolean.valueOf(s) : null;
  });

  /** Any scalar, as its text. */
  public static final ConfigType<String> STRING = new ConfigType<>("a string", (v, d) -> v
      instanceof Map || v instanceof List ? null : v.toString());

  /**
   * A duration: a number of seconds ({@code 30}), or a number with a unit ({@code 500ms}, {@code
   * 30s}, {@code 5m}, {@code 2h}, {@code 1d}).
   */
  public static final ConfigType<Duration> DURATION = new ConfigType<>(
      "a duration (seconds, or a number with ms, s, m, h or d)", (v, d) -> {
        String text = v instanceof Integer || v instanceof Long ? v.toString()
            : v instanceof String s ? s.trim() : null;
        Matcher m = text == null ? null : DURATION_TEXT.matcher(text);
        if (m == null || !m.matches() || m.group(1).length() > 15) {
          return null;
        }
        long amount = Long.parseLong(m.group(1));
        try {
          return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
          };
        } catch (ArithmeticException e) {
          return null;
        }
      });

  /** A filesystem path; a relative one is resolved against the configuration file's folder. */
  public static final ConfigType<Path> PATH = new ConfigType<>("a file path", (v, d) -> {
    if (v instanceof Map || v instanceof List || v.toString().isBlank()) {
      return null;
    }
    try {
      Path p = Path.of(v.toString());
      return p.isAbsolute() || d == null ? p : d.resolve(p);
    } catch (InvalidPathException e) {
      return null;
    }
  });

  private final String expected;
  private final Converter<T> converter;
  private final @Nullable ConfigType<?> element;

  private ConfigType(String expected, Converter<T> converter) {
    this(expected, converter, null);
  }

  private ConfigType(String expected, Converter<T> converter, @Nullable ConfigType<?> element) {
    this.expected = expected;
    this.converter = converter;
    this.element = element;
  }

  /**
   * One of the given spellings, compared case-insensitively, read as its value; the spellings are
   * listed in the map's order in the problem, e.g. {@code expected one of Strong, Session, got
   * "Now"} (so pass a {@link LinkedHashMap}).
   */
  public static <T> ConfigType<T> oneOf(Map<String, T> spellings) {
    Map<String, T> copy = new LinkedHashMap<>(spellings);
    return new ConfigType<>("one of " + String.join(", ", copy.keySet()), (v, d) -> {
      if (v instanceof Map || v instanceof List) {
        return null;
      }
      String text = v.toString().trim();
      return copy.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(text))
          .map(Map.Entry::getValue).findFirst().orElse(null);
    });
  }

  /** A constant of {@code type}, spelled as its name in lower case ({@code fail_open}). */
  public static <E extends Enum<E>> ConfigType<E> lowerCase(Class<E> type) {
    Map<String, E> spellings = new LinkedHashMap<>();
    for (E constant : type.getEnumConstants()) {
      spellings.put(constant.name().toLowerCase(Locale.ROOT), constant);
    }
    return oneOf(spellings);
  }

  /** A YAML list whose items are each of {@code element}; a bad item is a problem at {@code key[i]}. */
  public static <T> ConfigType<List<T>> listOf(ConfigType<T> element) {
    Objects.requireNonNull(element, "element");
    return new ConfigType<>("a list of " + element.expected, (v, d) -> null, element);
  }

  /** What a value of this type looks like, for problems: {@code an integer}. */
  public String expected() {
    return expected;
  }

  @Nullable ConfigType<?> element() {
    return element;
  }

  @Nullable T convert(Object value, @Nullable Path baseDirectory) {
    return converter.convert(value, baseDirectory);
  }

  private static @Nullable Long toLong(Object v) {
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    try {
      return v instanceof String s ? Long.parseLong(s.trim()) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "ConfigType[" + expected + "]";
  }
}
