package io.semcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class YamlConfigTest {

  private static YamlConfig parse(String yaml, Map<String, String> env) {
    return YamlConfig.parse(yaml, "test.yaml", Path.of("/etc/router"), env::get);
  }

  @Test
  void wrongTypeNamesThePathExpectationAndValue() {
    YamlConfig yaml = parse("""
        collection:
          index:
            params:
              M: sixteen
        """, Map.of());
    ConfigSection params = yaml.root().sectionOrEmpty("collection").sectionOrEmpty("index")
        .sectionOrEmpty("params");

    assertThat(params.get("M", ConfigType.INT)).isEmpty();
    assertThatThrownBy(yaml::requireValid).isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "collection.index.params.M: expected an integer, got \"sixteen\"");
  }

  @Test
  void everyProblemIsReportedInOneException() {
    YamlConfig yaml = parse("""
        port: -1
        timeout: soon
        tls:
          enabled: perhaps
        extra: 1
        """, Map.of());
    ConfigSection root = yaml.root();
    root.bind("port", ConfigType.INT, port -> {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port: expected a port in [1, 65535], got " + port);
      }
    });
    root.get("timeout", ConfigType.DURATION);
    ConfigSection tls = root.sectionOrEmpty("tls");
    tls.get("enabled", ConfigType.BOOL);
    tls.rejectUnknownKeys();
    root.rejectUnknownKeys();

    assertThatThrownBy(yaml::requireValid).isInstanceOfSatisfying(ConfigException.class, e -> {
      assertThat(e.problems()).extracting(ConfigProblem::path)
          .containsExactly("port", "timeout", "tls.enabled", "extra");
      assertThat(e.getMessage()).startsWith("4 problems in test.yaml")
          .contains("port: expected a port in [1, 65535], got -1")
          .contains("tls.enabled: expected true or false, got \"perhaps\"")
          .contains("extra: unknown key; expected one of port, timeout, tls");
    });
  }

  @Test
  void environmentReferencesAreExpandedBeforeConversion() {
    YamlConfig yaml = parse("""
        password: ${MILVUS_PASSWORD}
        port: ${MILVUS_PORT:-19530}
        user: "${USER_PREFIX}-svc"
        literal: "cost: $$5"
        """, Map.of("MILVUS_PASSWORD", "s3cret", "USER_PREFIX", "router"));
    ConfigSection root = yaml.root();

    assertThat(root.get("password", ConfigType.STRING)).contains("s3cret");
    assertThat(root.get("port", ConfigType.INT)).contains(19530);
    assertThat(root.get("user", ConfigType.STRING)).contains("router-svc");
    assertThat(root.get("literal", ConfigType.STRING)).contains("cost: $5");
    yaml.requireValid();
  }

  @Test
  void unsetVariableWithoutDefaultIsAProblemNamingIt() {
    YamlConfig yaml = parse("password: ${MILVUS_PASSWORD}\n", Map.of());
    yaml.root().get("password", ConfigType.STRING);
    assertThatThrownBy(yaml::requireValid)
        .hasMessageContaining("password: environment variable MILVUS_PASSWORD is not set");
  }

  @Test
  void durationsAcceptSecondsOrUnits() {
    YamlConfig yaml = parse("a: 30\nb: 500ms\nc: 5m\nd: 2h\n", Map.of());
    ConfigSection root = yaml.root();
    assertThat(root.get("a", ConfigType.DURATION)).contains(Duration.ofSeconds(30));
    assertThat(root.get("b", ConfigType.DURATION)).contains(Duration.ofMillis(500));
    assertThat(root.get("c", ConfigType.DURATION)).contains(Duration.ofMinutes(5));
    assertThat(root.get("d", ConfigType.DURATION)).contains(Duration.ofHours(2));
    yaml.requireValid();
  }

  @Test
  void relativePathsResolveAgainstTheFilesFolder() {
    YamlConfig yaml = parse("a: milvus.yaml\nb: /abs/milvus.yaml\n", Map.of());
    assertThat(yaml.root().get("a", ConfigType.PATH)).contains(Path.of("/etc/router/milvus.yaml"));
    assertThat(yaml.root().get("b", ConfigType.PATH)).contains(Path.of("/abs/milvus.yaml"));
  }

  @Test
  void onlySafeYamlIsAccepted() {
    assertThatThrownBy(() -> parse("x: !!java.io.File [\"/etc/passwd\"]\n", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> parse("a: 1\na: 2\n", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("duplicate key");
    assertThatThrownBy(() -> parse("- a\n- b\n", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("expected a mapping");
  }

  @Test
  void parseErrorsSayWhereInTheFile() {
    ConfigException e = catchThrowableOfType(
        () -> parse("semantic_cache:\n  backend_type: memory\n  rules: [a, b\n", Map.of()),
        ConfigException.class);
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).path()).matches("\\(line \\d+, column \\d+\\)");
    assertThat(e.getMessage()).contains("test.yaml").contains("not valid YAML");
  }

  /** 48 aliases, each level doubling a list of 1,000-character strings: 2^24 strings expanded. */
  @Test
  @Timeout(60)
  void anAliasBombIsRefusedNamingThePathInBoundedMemoryAndTime() {
    StringBuilder yaml = new StringBuilder("l0: &x0 [\"" + "x".repeat(1_000) + "\"]\n");
    for (int level = 1; level <= 24; level++) {
      yaml.append("l").append(level).append(": &x").append(level).append(" [*x")
          .append(level - 1).append(", *x").append(level - 1).append("]\n");
    }
    yaml.append("semantic_cache:\n  verification:\n    rules: [*x24]\n");
    assertThat(yaml.length()).isLessThan(3_000);

    ConfigException e = catchThrowableOfType(() -> parse(yaml.toString(), Map.of()),
        ConfigException.class);

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).path()).startsWith("l");
    assertThat(e.problems().get(0).message()).contains("aliases count each time they are used");
  }

  @Test
  void deepNestingIsRefusedToo() {
    String yaml = "a: " + "[".repeat(40) + "1" + "]".repeat(40) + "\n";
    String nested = "a:\n" + "  b:\n".repeat(1);
    assertThatThrownBy(() -> parse("root: " + "{k: ".repeat(70) + "1" + "}".repeat(70), Map.of()))
        .isInstanceOf(ConfigException.class);
    assertThat(parse(yaml, Map.of()).problems()).isEmpty();
    assertThat(parse(nested, Map.of()).problems()).isEmpty();
  }

  @Test
  void longValuesAreQuotedShortInProblems() {
    YamlConfig yaml = parse("port: \"" + "9".repeat(10_000) + "x\"\n", Map.of());
    yaml.root().get("port", ConfigType.INT);
    String message = yaml.problems().get(0).message();
    assertThat(message).hasSizeLessThan(300).contains("(10001 characters)");
  }
}
