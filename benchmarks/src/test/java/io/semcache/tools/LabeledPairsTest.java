package io.semcache.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledPairsTest {

  @TempDir
  Path dir;

  @Test
  void aDecisionLogIsReadOnceLabelledAndItsUnlabelledLinesAreSkipped() throws Exception {
    Path log = dir.resolve("shadow-decisions.jsonl");
    Files.writeString(log, """
        {"a": "How do I reset my password?", "b": "I forgot my password", "duplicate": true, "similarity": 0.91, "outcomes": {"0.84": "hit"}}
        {"a": "How do I enable 2FA?", "b": "How do I disable 2FA?", "duplicate": false, "similarity": 0.97}
        {"a": "What is the capital of France?", "b": "Capital of Spain?", "duplicate": null, "similarity": 0.86}
        """);

    List<LabeledPair> pairs = LabeledPairs.read(log);

    assertThat(pairs).hasSize(2);
    assertThat(pairs.get(0).duplicate()).isTrue();
    assertThat(pairs.get(1).duplicate()).isFalse();
  }

  @Test
  void aLineWithoutALabelFieldNamesItsLine() throws Exception {
    Path file = dir.resolve("pairs.jsonl");
    Files.writeString(file, "{\"a\": \"x\", \"b\": \"y\", \"duplicate\": true}\n{\"a\": \"x\", \"b\": \"y\"}\n");

    assertThatThrownBy(() -> LabeledPairs.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(":2: expected a boolean field \"duplicate\"");
  }
}
