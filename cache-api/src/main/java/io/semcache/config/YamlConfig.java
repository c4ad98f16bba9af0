package io.semcache.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A parsed YAML document, read with SnakeYAML's safe constructor only (plain maps, lists and
 * scalars; no arbitrary classes), duplicate keys rejected. Read it through {@link #root()}, then
 * call {@link #requireValid()}.
 */
public final class YamlConfig {

  /** The largest configuration file accepted; configuration files are small. */
  private static final int MAX_CODE_POINTS = 1 << 20;

  private final String source;
  private final @Nullable Path directory;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final ConfigSection root;

  private YamlConfig(String source, @Nullable Path directory, Map<String, @Nullable Object> values,
      Function<String, @Nullable String> environment) {
    this.source = source;
    this.directory = directory;
    this.root = new ConfigSection("", values, problems, new EnvironmentExpander(environment),
        directory);
  }

  /** Loads a file, expanding {@code ${VAR}} from the process environment. */
  public static YamlConfig load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads a file with a given environment (tests, or a secrets source).
   *
   * @throws ConfigException if the file cannot be read or is not a YAML mapping
   */
  public static YamlConfig load(Path file, Function<String, @Nullable String> environment) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read the file: " + e, e);
    }
    Path absolute = file.toAbsolutePath();
    return parse(text, file.toString(), absolute.getParent(), environment);
  }

  /**
   * Parses YAML text.
   *
   * @param source names the text in error messages
   * @param directory resolves relative paths in the text; null leaves them as they are
   * @throws ConfigException if the text is not a YAML mapping
   */
  public static YamlConfig parse(String text, String source, @Nullable Path directory,
      Function<String, @Nullable String> environment) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(environment, "environment");
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowRecursiveKeys(false);
    Object document;
    try {
      document = new Yaml(new SafeConstructor(options)).load(text);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark == null ? "(document)"
          : "(line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
      throw new ConfigException(source, List.of(new ConfigProblem(where,
          "not valid YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()))));
    } catch (YAMLException e) {
      throw new ConfigException(source, List.of(
          new ConfigProblem("(document)", "not valid YAML: " + firstLine(e.getMessage()))));
    }
    new ExpansionBudget(source).check(document);
    if (document != null && !(document instanceof Map)) {
      throw new ConfigException(source, List.of(
          new ConfigProblem("(document)", "expected a mapping at the top level")));
    }
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    if (document != null) {
      ((Map<?, ?>) document).forEach((k, v) -> values.put(String.valueOf(k), v));
    }
    return new YamlConfig(source, directory, values, environment);
  }

  private static String firstLine(@Nullable String message) {
    String text = String.valueOf(message).strip();
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  /**
   * Walks the parsed document as readers will see it, with every alias expanded each time it is
   * used, and stops at the first limit exceeded. SnakeYAML shares the node an alias points at, so
   * a small file can stand for a document of billions of values (48 aliases each doubling a list);
   * reading it would exhaust memory. The walk itself stops within its limits, so bounded time.
   */
  private static final class ExpansionBudget {
    /** Values (scalars, lists, mappings) of the expanded document; configuration files are small. */
    static final int MAX_VALUES = 100_000;
    /** Characters of all expanded scalars together. */
    static final long MAX_CHARACTERS = 4L * MAX_CODE_POINTS;
    static final int MAX_DEPTH = 64;

    private final String source;
    private int values;
    private long characters;

    ExpansionBudget(String source) {
      this.source = source;
    }

    void check(@Nullable Object document) {
      visit(document, "", 0);
    }

    private void visit(@Nullable Object node, String path, int depth) {
      if (++values > MAX_VALUES) {
        throw tooLarge(path, "expands to more than " + MAX_VALUES
            + " values (aliases count each time they are used)");
      }
      if (depth > MAX_DEPTH) {
        throw tooLarge(path, "is nested more than " + MAX_DEPTH + " levels deep");
      }
      if (node instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          String key = String.valueOf(entry.getKey());
          visit(entry.getKey(), path, depth + 1);
          visit(entry.getValue(), path.isEmpty() ? key : path + "." + key, depth + 1);
        }
      } else if (node instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          visit(list.get(i), path + "[" + i + "]", depth + 1);
        }
      } else if (node != null) {
        characters += node instanceof String s ? s.length() : 32;
        if (characters > MAX_CHARACTERS) {
          throw tooLarge(path, "expands to more than " + MAX_CHARACTERS
              + " characters of text (aliases count each time they are used)");
        }
      }
    }

    private ConfigException tooLarge(String path, String what) {
      // A long path of a deep list is itself large: keep the message short.
      String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
      return new ConfigException(source, List.of(new ConfigProblem(
          shown.isEmpty() ? "(document)" : shown, "the document " + what
              + "; configuration files are small, so this is refused")));
    }
  }

  public ConfigSection root() {
    return root;
  }

  public String source() {
    return source;
  }

  /** Problems found so far by the getters of this document's sections. */
  public List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /**
   * @throws ConfigException listing every problem found, if any
   */
  public void requireValid() {
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems);
    }
  }

  @Override
  public String toString() {
    return "YamlConfig[" + source + (directory == null ? "" : ", in " + directory) + "]";
  }
}
