package io.semcache.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ConfigSection#bind}: the setter states the rule, the section reports it at the path. */
class ConfigSectionBindTest {

  /** A builder in the style of ours: each setter checks its own rule. */
  static final class PortBuilder {
    final List<Object> set = new ArrayList<>();

    PortBuilder port(int port) {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port: expected an integer in [1, 65535], got " + port);
      }
      set.add(port);
      return this;
    }

    PortBuilder host(String host) {
      set.add(java.util.Objects.requireNonNull(host.isBlank() ? null : host, "host"));
      return this;
    }

    PortBuilder timeout(Duration timeout) {
      if (timeout.isZero()) {
        throw new IllegalStateException("timeout: expected a positive duration, got " + timeout);
      }
      set.add(timeout);
      return this;
    }
  }

  private static YamlConfig yaml(String text) {
    return YamlConfig.parse(text, "test.yaml", Path.of("/etc/router"),
        Map.of("PORT", "19531")::get);
  }

  @Test
  void aSettersExceptionBecomesAProblemAtTheKeysPathWithoutTheOptionName() {
    YamlConfig doc = yaml("connection:\n  port: 70000\n");
    PortBuilder builder = new PortBuilder();

    assertThat(doc.root().sectionOrEmpty("connection").bind("port", ConfigType.INT,
        builder::port)).isEmpty();

    assertThat(doc.problems()).extracting(ConfigProblem::toString).containsExactly(
        "connection.port: expected an integer in [1, 65535], got 70000");
    assertThat(builder.set).isEmpty();
  }

  @Test
  void anAcceptedValueReachesTheSetterAfterExpansion() {
    YamlConfig doc = yaml("port: ${PORT}\ntimeout: 500ms\n");
    PortBuilder builder = new PortBuilder();

    assertThat(doc.root().bind("port", ConfigType.INT, builder::port)).contains(19531);
    assertThat(doc.root().bind("timeout", ConfigType.DURATION, builder::timeout))
        .contains(Duration.ofMillis(500));
    assertThat(doc.root().bind("absent", ConfigType.INT, builder::port)).isEmpty();

    assertThat(doc.problems()).isEmpty();
    assertThat(builder.set).containsExactly(19531, Duration.ofMillis(500));
  }

  @Test
  void aTypeMismatchIsAProblemAndTheSetterIsNotCalled() {
    YamlConfig doc = yaml("port: nineteen\ntimeout: [1]\nenabled: perhaps\n");
    PortBuilder builder = new PortBuilder();

    doc.root().bind("port", ConfigType.INT, builder::port);
    doc.root().bind("timeout", ConfigType.DURATION, builder::timeout);
    doc.root().bind("enabled", ConfigType.BOOL, enabled -> builder.set.add(enabled));

    assertThat(doc.problems()).extracting(ConfigProblem::toString).containsExactly(
        "port: expected an integer, got \"nineteen\"",
        "timeout: expected a duration (seconds, or a number with ms, s, m, h or d), got a list",
        "enabled: expected true or false, got \"perhaps\"");
    assertThat(builder.set).isEmpty();
  }

  @Test
  void everyProblemOfASectionIsReportedAtOnceWithNullsAndStatesToo() {
    YamlConfig doc = yaml("""
        server:
          port: 0
          host: " "
          timeout: 0
          mode: sometimes
          extra: 1
        """);
    ConfigSection server = doc.root().sectionOrEmpty("server");
    PortBuilder builder = new PortBuilder();

    server.bind("port", ConfigType.INT, builder::port);
    server.bind("host", ConfigType.STRING, builder::host);
    server.bind("timeout", ConfigType.DURATION, builder::timeout);
    server.bind("mode", ConfigType.oneOf(Map.of("always", 1)), builder.set::add);
    server.rejectUnknownKeys();

    assertThatProblems(doc,
        "server.port: expected an integer in [1, 65535], got 0",
        "server.host: required (host)",
        "server.timeout: expected a positive duration, got PT0S",
        "server.mode: expected one of always, got \"sometimes\"",
        "server.extra: unknown key; expected one of port, host, timeout, mode");
  }

  @Test
  void aListReportsEachBadItemAtItsIndex() {
    YamlConfig doc = yaml("sizes: [1, two, 3, {a: 1}]\nnames: a\n");

    assertThat(doc.root().get("sizes", ConfigType.listOf(ConfigType.INT))).isEmpty();
    assertThat(doc.root().get("names", ConfigType.listOf(ConfigType.STRING))).isEmpty();
    assertThat(yaml("sizes: [1, 2]\n").root().get("sizes", ConfigType.listOf(ConfigType.LONG)))
        .contains(List.of(1L, 2L));

    assertThatProblems(doc, "sizes[1]: expected an integer, got \"two\"",
        "sizes[3]: expected an integer, got a mapping",
        "names: expected a list of a string, got \"a\"");
  }

  @Test
  void attemptBlamesARuleBetweenKeysOnTheKeyToChange() {
    YamlConfig doc = yaml("retry: {initial: 2, max: 1}\n");
    ConfigSection retry = doc.root().sectionOrEmpty("retry");
    int initial = retry.get("initial", ConfigType.INT).orElseThrow();
    int max = retry.get("max", ConfigType.INT).orElseThrow();

    assertThat(retry.attempt("max", () -> {
      if (max < initial) {
        throw new IllegalArgumentException("max: expected at least initial (" + initial + ")");
      }
      return max;
    })).isEmpty();

    assertThatProblems(doc, "retry.max: expected at least initial (2)");
  }

  private static void assertThatProblems(YamlConfig doc, String... expected) {
    assertThat(doc.problems()).extracting(ConfigProblem::toString).containsExactly(expected);
  }
}
