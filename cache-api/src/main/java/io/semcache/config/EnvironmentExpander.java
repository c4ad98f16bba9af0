package io.semcache.config;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in string values; {@code $$} is a literal
 * {@code $}. Used for credentials, so that a file can be committed without them.
 */
final class EnvironmentExpander {

  private final Function<String, @Nullable String> environment;

  EnvironmentExpander(Function<String, @Nullable String> environment) {
    this.environment = environment;
  }

  /**
   * @throws IllegalArgumentException with a message for the user when a reference is malformed or
   *     names an unset variable without a default
   */
  String expand(String value) {
    if (value.indexOf('$') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
      } else if (i + 1 < value.length() && value.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (i + 1 < value.length() && value.charAt(i + 1) == '{') {
        int end = value.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed ${ in \"" + value + "\"");
        }
        out.append(resolve(value.substring(i + 2, end)));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private String resolve(String reference) {
    int separator = reference.indexOf(":-");
    String name = separator < 0 ? reference : reference.substring(0, separator);
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("expected an environment variable name in ${...}, got \""
          + name + "\"");
    }
    String resolved = environment.apply(name);
    if (resolved != null) {
      return resolved;
    }
    if (separator >= 0) {
      return reference.substring(separator + 2);
    }
    throw new IllegalArgumentException("environment variable " + name + " is not set (write ${"
        + name + ":-default} to give a default)");
  }
}
