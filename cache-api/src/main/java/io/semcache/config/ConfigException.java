package io.semcache.config;

import io.semcache.SemanticCacheException;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration is invalid. Lists every problem found, not only the first. */
public class ConfigException extends SemanticCacheException {

  private final String source;
  private final List<ConfigProblem> problems;

  public ConfigException(String source, List<ConfigProblem> problems) {
    super(describe(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String source, String message, Throwable cause) {
    super(source + ": " + message, cause);
    this.source = source;
    this.problems = List.of(new ConfigProblem("", message));
  }

  /** The file or description the configuration came from. */
  public String source() {
    return source;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(String source, List<ConfigProblem> problems) {
    return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + source
        + ":\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
