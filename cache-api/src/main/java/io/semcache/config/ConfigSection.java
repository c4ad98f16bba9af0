package io.semcache.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One YAML mapping being read into a configuration object. Each typed getter records a {@link
 * ConfigProblem} (with the full YAML path) instead of throwing, and returns the default, so that
 * reading goes on and the user learns every problem of a file from one run ({@link
 * YamlConfig#requireValid()}). Call {@link #rejectUnknownKeys()} after reading a section: every
 * key is either used or reported.
 *
 * <p>String values may contain {@code ${ENV}} references; they are expanded before conversion, so
 * {@code port: ${MILVUS_PORT:-19530}} is an integer.
 */
public final class ConfigSection {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private final String path;
  private final Map<String, @Nullable Object> values;
  private final List<ConfigProblem> problems;
  private final EnvironmentExpander environment;
  private final @Nullable Path baseDirectory;
  private final Set<String> used = new LinkedHashSet<>();

  ConfigSection(String path, Map<String, @Nullable Object> values, List<ConfigProblem> problems,
      EnvironmentExpander environment, @Nullable Path baseDirectory) {
    this.path = path;
    this.values = values;
    this.problems = problems;
    this.environment = environment;
    this.baseDirectory = baseDirectory;
  }

  /** The YAML path of this section; empty for the document root. */
  public String path() {
    return path;
  }

  /** The YAML path of {@code key} in this section, e.g. {@code connection.port}. */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Whether {@code key} is present with a non-null value. */
  public boolean has(String key) {
    return values.get(key) != null;
  }

  /** Problems recorded so far in this section's whole document. */
  public int problemCount() {
    return problems.size();
  }

  /** Records a problem with this section as a whole. */
  public void problem(String message) {
    problems.add(new ConfigProblem(path.isEmpty() ? "(document)" : path, message));
  }

  /** Records a problem with {@code key} found by the caller's own checks. */
  public void problem(String key, String message) {
    problems.add(new ConfigProblem(pathOf(key), message));
  }

  public Optional<String> string(String key) {
    Object raw = take(key);
    if (raw == null) {
      return Optional.empty();
    }
    if (raw instanceof Map || raw instanceof List) {
      problem(key, "expected a string, got " + describe(raw));
      return Optional.empty();
    }
    return expand(key, raw.toString());
  }

  public String string(String key, String defaultValue) {
    return string(key).orElse(defaultValue);
  }

  /** A string that must be present and non-blank. */
  public Optional<String> requiredString(String key) {
    int problemsBefore = problems.size();
    Optional<String> value = string(key);
    if (value.isPresent() && !value.get().isBlank()) {
      return value;
    }
    if (problems.size() == problemsBefore) {
      problem(key, "required, expected a non-blank string");
    }
    return Optional.empty();
  }

  public boolean bool(String key, boolean defaultValue) {
    Object raw = take(key);
    if (raw == null) {
      return defaultValue;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    Optional<String> text = raw instanceof String s ? expand(key, s) : Optional.empty();
    if (text.isPresent()) {
      String t = text.get().trim().toLowerCase(Locale.ROOT);
      if (t.equals("true") || t.equals("false")) {
        return Boolean.parseBoolean(t);
      }
    }
    problem(key, "expected true or false, got " + describe(raw));
    return defaultValue;
  }

  /** An integer in [{@code min}, {@code max}]. */
  public long integer(String key, long defaultValue, long min, long max, String expectation) {
    Object raw = take(key);
    if (raw == null) {
      return defaultValue;
    }
    Long value = null;
    if (raw instanceof Integer || raw instanceof Long) {
      value = ((Number) raw).longValue();
    } else if (raw instanceof String s) {
      Optional<String> text = expand(key, s);
      if (text.isEmpty()) {
        return defaultValue;
      }
      try {
        value = Long.parseLong(text.get().trim());
      } catch (NumberFormatException e) {
        value = null;
      }
    }
    if (value == null || value < min || value > max) {
      problem(key, "expected " + expectation + ", got " + describe(raw));
      return defaultValue;
    }
    return value;
  }

  public int positiveInt(String key, int defaultValue) {
    return (int) integer(key, defaultValue, 1, Integer.MAX_VALUE, "a positive integer");
  }

  public OptionalLong optionalPositiveLong(String key) {
    if (!has(key)) {
      take(key);
      return OptionalLong.empty();
    }
    int before = problems.size();
    long value = integer(key, -1, 1, Long.MAX_VALUE, "a positive integer");
    return problems.size() > before ? OptionalLong.empty() : OptionalLong.of(value);
  }

  /** A number in [{@code min}, {@code max}]. */
  public double number(String key, double defaultValue, double min, double max) {
    Object raw = take(key);
    if (raw == null) {
      return defaultValue;
    }
    Double value = null;
    if (raw instanceof Number n) {
      value = n.doubleValue();
    } else if (raw instanceof String s) {
      Optional<String> text = expand(key, s);
      if (text.isEmpty()) {
        return defaultValue;
      }
      try {
        value = Double.parseDouble(text.get().trim());
      } catch (NumberFormatException e) {
        value = null;
      }
    }
    if (value == null || !(value >= min && value <= max)) {
      problem(key, "expected a number in [" + format(min) + ", " + format(max) + "], got "
          + describe(raw));
      return defaultValue;
    }
    return value;
  }

  /**
   * A positive duration: a number of seconds ({@code 30}), or a number with a unit ({@code 500ms},
   * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}).
   */
  public Duration duration(String key, Duration defaultValue) {
    Object raw = take(key);
    if (raw == null) {
      return defaultValue;
    }
    String text;
    if (raw instanceof Integer || raw instanceof Long) {
      text = raw.toString();
    } else if (raw instanceof String s) {
      Optional<String> expanded = expand(key, s);
      if (expanded.isEmpty()) {
        return defaultValue;
      }
      text = expanded.get().trim();
    } else {
      text = null;
    }
    Matcher m = text == null ? null : DURATION.matcher(text);
    if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
      problem(key, "expected a positive duration (seconds, or a number with ms, s, m, h or d),"
          + " got " + describe(raw));
      return defaultValue;
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  /** One of {@code allowed}, compared case-insensitively; returns the allowed spelling. */
  public String oneOf(String key, String defaultValue, String... allowed) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    for (String candidate : allowed) {
      if (candidate.equalsIgnoreCase(value.get().trim())) {
        return candidate;
      }
    }
    problem(key, "expected one of " + String.join(", ", allowed) + ", got \"" + value.get() + "\"");
    return defaultValue;
  }

  /** A filesystem path; relative paths are resolved against the configuration file's folder. */
  public Optional<Path> path(String key) {
    Optional<String> value = string(key);
    if (value.isEmpty() || value.get().isBlank()) {
      return Optional.empty();
    }
    try {
      Path p = Path.of(value.get());
      return Optional.of(p.isAbsolute() || baseDirectory == null ? p : baseDirectory.resolve(p));
    } catch (InvalidPathException e) {
      problem(key, "expected a file path, got \"" + value.get() + "\" (" + e.getReason() + ")");
      return Optional.empty();
    }
  }

  /** A list of strings, each one of {@code allowed}; {@code defaultValue} when absent. */
  public List<String> stringList(String key, List<String> allowed) {
    Object raw = take(key);
    if (raw == null) {
      return allowed;
    }
    if (!(raw instanceof List<?> list)) {
      problem(key, "expected a list of " + String.join(", ", allowed) + ", got " + describe(raw));
      return allowed;
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      String value = item == null || item instanceof Map || item instanceof List ? ""
          : item.toString().trim();
      if (!allowed.contains(value)) {
        problems.add(new ConfigProblem(pathOf(key) + "[" + i + "]", "expected one of "
            + String.join(", ", allowed) + ", got " + describe(item)));
      } else if (!values.contains(value)) {
        values.add(value);
      }
    }
    return values;
  }

  /** A nested mapping; empty when absent or not a mapping (then a problem is recorded). */
  @SuppressWarnings("unchecked")
  public Optional<ConfigSection> section(String key) {
    Object raw = take(key);
    if (raw == null) {
      return Optional.empty();
    }
    if (!(raw instanceof Map)) {
      problem(key, "expected a mapping, got " + describe(raw));
      return Optional.empty();
    }
    return Optional.of(child(pathOf(key), (Map<String, @Nullable Object>) raw));
  }

  /** A nested mapping, or an empty one when absent, so defaults apply. */
  public ConfigSection sectionOrEmpty(String key) {
    return section(key).orElseGet(() -> child(pathOf(key), Map.of()));
  }

  /** A list of mappings, each a section with path {@code key[i]}. */
  @SuppressWarnings("unchecked")
  public List<ConfigSection> sections(String key) {
    Object raw = take(key);
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      problem(key, "expected a list, got " + describe(raw));
      return List.of();
    }
    List<ConfigSection> sections = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      String itemPath = pathOf(key) + "[" + i + "]";
      if (item instanceof Map) {
        sections.add(child(itemPath, (Map<String, @Nullable Object>) item));
      } else {
        problems.add(new ConfigProblem(itemPath, "expected a mapping, got " + describe(item)));
      }
    }
    return sections;
  }

  /** Reports every key of this section that no getter has read. */
  public void rejectUnknownKeys() {
    for (String key : values.keySet()) {
      if (!used.contains(key)) {
        problem(key, used.isEmpty() ? "unknown key"
            : "unknown key; expected one of " + String.join(", ", used));
      }
    }
  }

  /** Marks keys as known without reading them (for keys accepted only to be reported). */
  public void markRead(String... keys) {
    used.addAll(Arrays.asList(keys));
  }

  private ConfigSection child(String childPath, Map<String, @Nullable Object> raw) {
    Map<String, @Nullable Object> copy = new LinkedHashMap<>();
    raw.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return new ConfigSection(childPath, copy, problems, environment, baseDirectory);
  }

  private @Nullable Object take(String key) {
    used.add(key);
    return values.get(key);
  }

  private Optional<String> expand(String key, String value) {
    try {
      return Optional.of(environment.expand(value));
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return Optional.empty();
    }
  }

  /** Longest value quoted back in a problem: a message should point at a value, not hold it. */
  private static final int MAX_QUOTED_CHARACTERS = 100;

  private static String describe(@Nullable Object raw) {
    if (raw instanceof String s) {
      return s.length() <= MAX_QUOTED_CHARACTERS ? "\"" + s + "\""
          : "\"" + s.substring(0, MAX_QUOTED_CHARACTERS) + "...\" (" + s.length() + " characters)";
    }
    if (raw instanceof Map) {
      return "a mapping";
    }
    if (raw instanceof List) {
      return "a list";
    }
    return String.valueOf(raw);
  }

  private static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
