package io.semcache.milvus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.ResponseMetadata;
import io.semcache.spi.StoredEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The row conversion of metadata and tags, on their own; the collection tests run it on servers. */
class EntryRowsTest {

  private static final Schema.Limits CURRENT = new Schema.Limits(1024, 1024, 512, 65_535, 65_535,
      256, true);
  private static final Schema.Limits BEFORE_TAGS = new Schema.Limits(1024, 1024, 512, 65_535,
      65_535, 256, false);

  private final Partition partition = Partition.of("acme", "gpt-4o");

  @Test
  void metadataRoundTripsThroughItsJson() {
    ResponseMetadata metadata = ResponseMetadata.builder().finishReason("stop")
        .tokenUsage(3, 4).attribute("x-note", "a \"quoted\" line\nbreak \u00e9")
        .chunkLengths(List.of(1, 2)).build();

    String json = EntryRows.encodeMetadata(metadata);

    assertThat(EntryRows.decodeMetadata(json)).isEqualTo(metadata);
    assertThat(EntryRows.encodeMetadata(ResponseMetadata.NONE)).isEmpty();
    assertThat(EntryRows.decodeMetadata("")).isSameAs(ResponseMetadata.NONE);
  }

  @Test
  void unreadableMetadataNamesTheField() {
    assertThatThrownBy(() -> EntryRows.decodeMetadata("{\"chunks\": [0]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("response_metadata: expected the JSON this backend writes");
    assertThatThrownBy(() -> EntryRows.decodeMetadata("not json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("response_metadata:");
  }

  @Test
  void rowsCarryTagsAndMetadataAndReadBackTheSame() {
    EntryRows rows = new EntryRows("embedding", 2, CURRENT);
    StoredEntry entry = new StoredEntry(new EntryId("0".repeat(32)), partition, "q", "ab",
        ResponseMetadata.builder().chunkLengths(List.of(1, 1)).build(), new float[] {1, 0}, true,
        "m", 1, 2, Set.of("b", "a"));

    EntryRows.Row row = (EntryRows.Row) rows.toRow(entry);

    assertThat(row.json().get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
    Map<String, Object> entity = new java.util.HashMap<>();
    row.json().entrySet().forEach(e -> entity.put(e.getKey(), e.getValue().isJsonPrimitive()
        ? primitive(e.getValue().getAsJsonPrimitive()) : null));
    entity.put("tags", List.of("a", "b"));
    entity.remove("embedding");
    StoredEntry read = rows.fromEntity(entity);
    assertThat(read.tags()).containsExactly("a", "b");
    assertThat(read.metadata()).isEqualTo(entry.metadata());
    assertThat(rows.outputFields()).contains("response_metadata", "tags");
  }

  @Test
  void aCollectionWithoutTheFieldsNeitherWritesNorReadsThem() {
    EntryRows rows = new EntryRows("embedding", 2, BEFORE_TAGS);
    StoredEntry plain = new StoredEntry(new EntryId("0".repeat(32)), partition, "q", "a",
        new float[] {1, 0}, true, "m", 1, 2);
    StoredEntry tagged = new StoredEntry(plain.id(), partition, "q", "a", ResponseMetadata.NONE,
        new float[] {1, 0}, true, "m", 1, 2, Set.of("t"));

    EntryRows.Row row = (EntryRows.Row) rows.toRow(plain);

    assertThat(row.json().has("tags")).isFalse();
    assertThat(row.json().has("response_metadata")).isFalse();
    assertThat(rows.outputFields()).doesNotContain("response_metadata", "tags");
    assertThatThrownBy(() -> rows.toRow(tagged)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadata and tags need a collection");
  }

  private static Object primitive(com.google.gson.JsonPrimitive value) {
    if (value.isBoolean()) {
      return value.getAsBoolean();
    }
    if (value.isNumber()) {
      return value.getAsLong();
    }
    return value.getAsString();
  }
}
