package io.semcache.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file.
 *
 * @param path where, as a dotted YAML path ({@code collection.index.params.M}); list items are
 *     {@code name[2]}
 * @param message what was expected and what was found
 */
public record ConfigProblem(String path, String message) {
  public ConfigProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
