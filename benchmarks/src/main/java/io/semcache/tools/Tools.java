package io.semcache.tools;

import java.nio.file.Path;

/** Shared defaults of the command-line tools. */
final class Tools {

  private Tools() {}

  /** Where scripts/provision-model.sh puts the TorchScript model. */
  static Path defaultModelDirectory() {
    String cacheDir = System.getenv("SEMCACHE_CACHE_DIR");
    Path base = cacheDir != null && !cacheDir.isBlank()
        ? Path.of(cacheDir) : Path.of(System.getProperty("user.home"), ".cache", "semcache");
    return base.resolve("models").resolve("all-MiniLM-L6-v2-pytorch");
  }

  /** The value of command option {@code --name}; an error naming it when it is missing. */
  static String required(java.util.Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + ": required");
    }
    return value;
  }
}
