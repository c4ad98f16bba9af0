package io.semcache.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semcache.CacheKey;
import io.semcache.Embedding;
import io.semcache.Partition;
import io.semcache.ResponseMetadata;
import io.semcache.TransferEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryFileTest {

  private static final String MODEL = "test/model-v1";
  private static final Instant T0 = Instant.parse("2026-12-01T17:00:00.123Z");

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("entries.jsonl");
  }

  private static Embedding unit(int dimension, int axis) {
    float[] vector = new float[dimension];
    vector[axis] = 0.6f;
    vector[(axis + 1) % dimension] = 0.8f;
    return Embedding.of(MODEL, vector);
  }

  private List<TransferEntry> readAll(Path file) throws IOException {
    List<TransferEntry> entries = new ArrayList<>();
    try (EntryFileReader reader = EntryFileReader.open(file)) {
      reader.forEachRemaining(entries::add);
    }
    return entries;
  }

  private void writeLines(String... lines) throws IOException {
    Files.writeString(file(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private static final String HEADER = "{\"format\":\"semcache-entries\",\"version\":1}";
  private static final String VECTOR_HEADER = "{\"format\":\"semcache-entries\",\"version\":1,"
      + "\"model_id\":\"test/model-v1\",\"dimension\":4,\"vectors\":\"base64-f32le\"}";

  @Test
  void entriesRoundTripWithMetadataTagsTimesAndVectors() throws IOException {
    Partition context = Partition.of("acme", "gpt-4o", "You are terse.");
    ResponseMetadata metadata = ResponseMetadata.builder().finishReason("stop")
        .tokenUsage(7, 3).attribute("x-route", "eu").chunkLengths(List.of(2, 5)).build();
    List<TransferEntry> entries = List.of(
        new TransferEntry(CacheKey.of(context, "Quote \" backslash \\ tab\t newline\n é 🍕"),
            "Yes. Ok", metadata, Set.of("b-tag", "a-tag"), T0, T0.plusSeconds(3600),
            unit(4, 1)),
        new TransferEntry(CacheKey.of(Partition.of("globex", "m"), "lone \ud800 surrogate"),
            "\u0001 control", ResponseMetadata.NONE, Set.of(), T0,
            Instant.ofEpochMilli(Long.MAX_VALUE), null),
        TransferEntry.of(CacheKey.of(Partition.of("globex", "m"), "a warm pair"), "answer"));

    try (EntryFileWriter writer = EntryFileWriter.create(file(),
        EntryFileHeader.withVectors(MODEL, 4, T0))) {
      entries.forEach(writer);
      assertThat(writer.count()).isEqualTo(3);
    }
    List<TransferEntry> read = readAll(file());

    assertThat(read).containsExactlyElementsOf(entries);
    try (EntryFileReader reader = EntryFileReader.open(file())) {
      assertThat(reader.header()).isEqualTo(EntryFileHeader.withVectors(MODEL, 4, T0));
    }
    assertThat(Files.readAllLines(file()).get(3))
        .isEqualTo("{\"tenant\":\"globex\",\"model\":\"m\",\"prompt\":\"a warm pair\","
            + "\"response\":\"answer\"}");
  }

  @Test
  void aFileWithoutVectorsLeavesThemOutAndAWarmFileIsJustPairs() throws IOException {
    try (EntryFileWriter writer = EntryFileWriter.create(file(),
        EntryFileHeader.withoutVectors(null))) {
      writer.accept(new TransferEntry(CacheKey.of(Partition.of("a", "m"), "q"), "r",
          ResponseMetadata.NONE, Set.of(), T0, T0.plusSeconds(1), unit(4, 0)));
    }
    assertThat(Files.readAllLines(file())).containsExactly(HEADER,
        "{\"tenant\":\"a\",\"model\":\"m\",\"prompt\":\"q\",\"response\":\"r\","
            + "\"created_at\":\"2026-12-01T17:00:00.123Z\","
            + "\"expires_at\":\"2026-12-01T17:00:01.123Z\"}");

    writeLines(HEADER, "", "{\"tenant\":\"a\",\"model\":\"m\",\"prompt\":\"hi\",\"response\":\"hello\"}");
    assertThat(readAll(file())).containsExactly(
        TransferEntry.of(CacheKey.of(Partition.of("a", "m"), "hi"), "hello"));
  }

  @Test
  void theWriterRefusesAVectorOfAnotherModelThanTheHeaders() throws IOException {
    try (EntryFileWriter writer = EntryFileWriter.create(file(),
        EntryFileHeader.withVectors("other/model", 4, T0))) {
      TransferEntry entry = new TransferEntry(CacheKey.of(Partition.of("a", "m"), "q"), "r",
          ResponseMetadata.NONE, Set.of(), null, null, unit(4, 0));
      assertThatThrownBy(() -> writer.accept(entry))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'other/model'").hasMessageContaining("'test/model-v1'");
    }
  }

  @Test
  void badLinesNameTheFileTheLineAndTheField() throws IOException {
    String pair = "\"tenant\":\"a\",\"model\":\"m\",\"prompt\":\"q\"";
    assertProblem(new String[] {HEADER, "{" + pair + ",\"response\":\"r\"}",
        "{" + pair + ",\"response\":5}"},
        3, "response", "entries.jsonl:3: response: expected a string, got the number 5");
    assertProblem(new String[] {HEADER, "{" + pair + ",\"response\":\"r\",\"ttl\":3}"},
        2, "ttl", "entries.jsonl:2: ttl: not a field of an entry file's entry");
    assertProblem(new String[] {HEADER, "{\"model\":\"m\",\"prompt\":\"q\",\"response\":\"r\"}"},
        2, "tenant", "entries.jsonl:2: tenant: expected a string, found no such field");
    assertProblem(new String[] {HEADER, "{" + pair + ",\"response\":\"r\""},
        2, null, "entries.jsonl:2: not JSON: expected '}' at column 54, found the end of the line");
    assertProblem(new String[] {HEADER, "{" + pair + ",\"prompt\":\"again\",\"response\":\"r\"}"},
        2, null, "no duplicate key \"prompt\"");
    assertProblem(new String[] {HEADER, "{" + pair + ",\"response\":\"r\","
        + "\"created_at\":\"yesterday\"}"},
        2, "created_at", "entries.jsonl:2: created_at: expected an ISO-8601 instant");
    assertProblem(new String[] {HEADER, "{" + pair + ",\"response\":\"r\","
        + "\"created_at\":\"2026-01-02T00:00:00Z\",\"expires_at\":\"2026-01-01T00:00:00Z\"}"},
        2, "expires_at", "entries.jsonl:2: expires_at: expected after createdAt");
    assertProblem(new String[] {HEADER, "{" + pair + ",\"response\":\"r\",\"vector\":\"AAAA\"}"},
        2, "vector", "vector: expected none: the header declares no vectors");
    assertProblem(new String[] {VECTOR_HEADER, "{" + pair + ",\"response\":\"r\","
        + "\"vector\":\"AAAAAAAAAAA=\"}"},
        2, "vector", "vector: expected 4 floats (16 bytes, the header's dimension), got 8 bytes");
    assertProblem(new String[] {HEADER, "{" + pair + ",\"response\":\"r\","
        + "\"metadata\":{\"prompt_tokens\":\"many\"}}"},
        2, "metadata.prompt_tokens", "expected a token count");
    assertProblem(new String[] {HEADER, "{" + pair + ",\"response\":\"r\",\"tags\":[\"a b\"]}"},
        2, "tags[0]", "entries.jsonl:2: tags[0]: expected 1 to 64 chars");
    assertProblem(new String[] {"{\"format\":\"csv\",\"version\":1}"},
        1, "format", "entries.jsonl:1: format: expected \"semcache-entries\", got \"csv\"");
    assertProblem(new String[] {"{\"format\":\"semcache-entries\",\"version\":2}"},
        1, "version", "version: expected 1 (the version this reader knows), got 2");
    assertProblem(new String[] {"{\"format\":\"semcache-entries\",\"version\":1,"
        + "\"vectors\":\"base64-f32le\",\"dimension\":4}"},
        1, "model_id", "model_id: expected the vectors' model id");
  }

  @Test
  void anEmptyFileHasNoHeader() throws IOException {
    Files.writeString(file(), "");
    assertThatThrownBy(() -> EntryFileReader.open(file()))
        .isInstanceOf(EntryFileException.class)
        .hasMessage("entries.jsonl:0: expected the header line of an entry file, found an empty"
            + " file");
  }

  private void assertProblem(String[] lines, long line, String field, String message)
      throws IOException {
    writeLines(lines);
    assertThatThrownBy(() -> readAll(file()))
        .isInstanceOf(EntryFileException.class)
        .hasMessageContaining(message)
        .satisfies(e -> {
          assertThat(((EntryFileException) e).line()).isEqualTo(line);
          assertThat(((EntryFileException) e).field()).isEqualTo(field);
        });
  }
}
