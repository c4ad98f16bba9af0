package io.semcache.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One YAML mapping being read into a configuration object. A reader {@linkplain #bind binds} each
 * key to a builder's setter: the key's value is converted to a {@link ConfigType} (a wrong type is
 * a problem) and handed to the setter, whose exception becomes the problem at the key's YAML
 * path. So a rule is stated once, in the setter, and reading goes on after a problem, so that the
 * user learns every problem of a file from one run ({@link YamlConfig#requireValid()}). Call
 * {@link #rejectUnknownKeys()} after reading a section: every key is either used or reported.
 */
public final class ConfigSection {

  /** A leading {@code option: } of a setter's message, e.g. {@code port: }. */
  private static final Pattern OPTION_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]*: ");

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

  /**
   * Reads {@code key} as {@code type}; empty when absent, null, or not of the type (then a problem
   * is recorded). For values a reader needs itself; values meant for a builder go through {@link
   * #bind}.
   */
  public <T> Optional<T> get(String key, ConfigType<T> type) {
    Object raw = take(key);
    if (raw == null) {
      return Optional.empty();
    }
    ConfigType<?> element = type.element();
    if (element != null) {
      @SuppressWarnings("unchecked")
      Optional<T> list = (Optional<T>) list(key, raw, element);
      return list;
    }
    return convert(pathOf(key), raw, type);
  }

  /**
   * Reads {@code key} as {@code type} and hands the value to {@code setter}, typically a builder's
   * ({@code connection.bind("port", ConfigType.INT, builder::port)}), so that the rule the setter
   * states is the only statement of it. A value of the wrong type is a problem at the key's path,
   * and so is the setter's {@link IllegalArgumentException}, {@link IllegalStateException} or
   * {@link NullPointerException}: its message, less a leading {@code option: } naming the Java
   * option, since the path names the key. An absent key leaves the setter uncalled.
   *
   * @return the value the setter accepted; empty when absent or refused
   */
  public <T> Optional<T> bind(String key, ConfigType<T> type, Consumer<? super T> setter) {
    Objects.requireNonNull(setter, "setter");
    return get(key, type).flatMap(value -> attempt(key, () -> {
      setter.accept(value);
      return value;
    }));
  }

  /**
   * Runs {@code step} (a check that involves several keys, such as a builder's {@code build()}),
   * turning its exception into a problem at {@code key}, the key the user should change.
   *
   * @return the step's result; empty when it threw (or returned null)
   */
  public <T> Optional<T> attempt(String key, Supplier<? extends T> step) {
    try {
      return Optional.ofNullable(step.get());
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      problem(key, messageOf(e));
      return Optional.empty();
    }
  }

  /** Like {@link #attempt(String, Supplier)}, the problem being with this section as a whole. */
  public <T> Optional<T> attempt(Supplier<? extends T> step) {
    try {
      return Optional.ofNullable(step.get());
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      problem(messageOf(e));
      return Optional.empty();
    }
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

  private <T> Optional<T> convert(String itemPath, Object raw, ConfigType<T> type) {
    Object value = raw;
    if (raw instanceof String text) {
      try {
        value = environment.expand(text);
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem(itemPath, String.valueOf(e.getMessage())));
        return Optional.empty();
      }
    }
    T converted = type.convert(value, baseDirectory);
    if (converted == null) {
      problems.add(new ConfigProblem(itemPath, "expected " + type.expected() + ", got "
          + describe(raw)));
    }
    return Optional.ofNullable(converted);
  }

  private <E> Optional<List<E>> list(String key, Object raw, ConfigType<E> element) {
    if (!(raw instanceof List<?> items)) {
      problem(key, "expected a list of " + element.expected() + ", got " + describe(raw));
      return Optional.empty();
    }
    List<E> values = new ArrayList<>();
    boolean complete = true;
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      String itemPath = pathOf(key) + "[" + i + "]";
      Optional<E> value = item == null ? Optional.empty()
          : convert(itemPath, item, element);
      if (item == null) {
        problems.add(new ConfigProblem(itemPath, "expected " + element.expected() + ", got null"));
      }
      value.ifPresent(values::add);
      complete &= value.isPresent();
    }
    return complete ? Optional.of(values) : Optional.empty();
  }

  /** A setter's message names its Java option first ({@code port: ...}); the path replaces it. */
  private static String messageOf(RuntimeException e) {
    String message = e.getMessage();
    if (e instanceof NullPointerException) {
      return message == null ? "required" : "required (" + message + ")";
    }
    if (message == null || message.isBlank()) {
      return e.toString();
    }
    Matcher prefix = OPTION_PREFIX.matcher(message);
    return prefix.lookingAt() ? message.substring(prefix.end()) : message;
  }

  private @Nullable Object take(String key) {
    used.add(key);
    return values.get(key);
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
}
