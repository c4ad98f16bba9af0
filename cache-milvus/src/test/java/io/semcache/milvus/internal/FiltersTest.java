package io.semcache.milvus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.Partition;
import org.junit.jupiter.api.Test;

class FiltersTest {

  @Test
  void stringLiteralsEscapeQuotesBackslashesAndControlCharacters() {
    assertThat(Filters.stringLiteral("plain")).isEqualTo("\"plain\"");
    assertThat(Filters.stringLiteral("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
    assertThat(Filters.stringLiteral("C:\\models\\")).isEqualTo("\"C:\\\\models\\\\\"");
    assertThat(Filters.stringLiteral("a\nb\tc\rd")).isEqualTo("\"a\\nb\\tc\\rd\"");
    assertThat(Filters.stringLiteral("bell\u0007")).isEqualTo("\"bell\\u0007\"");
    assertThat(Filters.stringLiteral("naïve ✓")).isEqualTo("\"naïve ✓\"");
  }

  @Test
  void anInjectionAttemptStaysInsideTheLiteral() {
    String hostile = "x\" or model_id != \"";
    assertThat(Filters.liveOfAnotherModel(hostile, 5))
        .isEqualTo("model_id != \"x\\\" or model_id != \\\"\" and expires_at > 5");
  }

  @Test
  void searchFilterKeepsToThePartitionSearchableAndLiveRows() {
    Partition partition = Partition.of("acme", "gpt-4o");
    assertThat(Filters.searchable(partition, 1_000)).isEqualTo("partition_key == \""
        + partition.digest() + "\" and searchable == true and expires_at > 1000");
    assertThat(Filters.expired(1_000)).isEqualTo("expires_at <= 1000");
    assertThat(Filters.partition(partition))
        .isEqualTo("partition_key == \"" + partition.digest() + "\"");
  }
}
