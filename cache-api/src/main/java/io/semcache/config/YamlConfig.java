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
    } catch (YAMLException e) {
      throw new ConfigException(source, "not valid YAML: " + e.getMessage(), e);
    }
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
