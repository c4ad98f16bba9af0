package io.semcache.transfer;

import io.semcache.json.StrictJson;

import io.semcache.CacheKey;
import io.semcache.Embedding;
import io.semcache.Partition;
import io.semcache.ResponseMetadata;
import io.semcache.TransferEntry;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an entry file ({@link EntryFile}) a line at a time: memory holds one entry, whatever the
 * file's size. The header is read when the reader opens; each {@link #next()} parses one line,
 * and any line that is not what the format says stops the reader with an {@link
 * EntryFileException} naming the line and the field. A source for {@link
 * io.semcache.CacheEntries#importFrom}. Not thread-safe.
 */
public final class EntryFileReader implements Iterator<TransferEntry>, Closeable {

  private static final Set<String> HEADER_FIELDS =
      Set.of("format", "version", "model_id", "dimension", "vectors", "exported_at");
  private static final Set<String> ENTRY_FIELDS = Set.of("tenant", "model", "fingerprint",
      "prompt", "response", "metadata", "chunk_lengths", "tags", "created_at", "expires_at",
      "vector");

  private final BufferedReader in;
  private final @Nullable Path file;
  private final EntryFileHeader header;
  private long line;
  private @Nullable TransferEntry next;
  private boolean done;

  private EntryFileReader(BufferedReader in, @Nullable Path file) throws IOException {
    this.in = in;
    this.file = file;
    String first = nextLine();
    if (first == null) {
      throw problem(null, "expected the header line of an entry file, found an empty file", null);
    }
    this.header = header(object(first));
  }

  /**
   * Opens {@code file} and reads its header.
   *
   * @throws IOException if the file cannot be read
   * @throws EntryFileException if the header is not an entry file's
   */
  public static EntryFileReader open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    try {
      return new EntryFileReader(in, file);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Reads from {@code in}, which this reader closes; the header first. */
  public static EntryFileReader from(BufferedReader in) throws IOException {
    return new EntryFileReader(Objects.requireNonNull(in, "in"), null);
  }

  public EntryFileHeader header() {
    return header;
  }

  /** The number of the last line read, counted from 1 (the header). */
  public long line() {
    return line;
  }

  /**
   * @throws EntryFileException if the next line is not an entry
   * @throws UncheckedIOException if reading fails
   */
  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      String text;
      try {
        text = nextLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (text == null) {
        done = true;
      } else {
        next = entry(object(text));
      }
    }
    return next != null;
  }

  @Override
  public TransferEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more entries after line " + line);
    }
    TransferEntry entry = Objects.requireNonNull(next);
    next = null;
    return entry;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** The next line that is not blank, or null at the end. */
  private @Nullable String nextLine() throws IOException {
    while (true) {
      String text = in.readLine();
      if (text == null) {
        return null;
      }
      line++;
      if (!text.isBlank()) {
        return text;
      }
    }
  }

  private Map<String, @Nullable Object> object(String text) {
    Object value;
    try {
      value = StrictJson.line(text);
    } catch (IllegalArgumentException e) {
      throw problem(null, "not JSON: " + e.getMessage(), null);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw problem(null, "expected a JSON object, got " + describe(value), null);
    }
    @SuppressWarnings("unchecked")
    Map<String, @Nullable Object> fields = (Map<String, @Nullable Object>) map;
    return fields;
  }

  private EntryFileHeader header(Map<String, @Nullable Object> fields) {
    requireKnown(fields, HEADER_FIELDS, "header");
    String format = string(fields, "format");
    if (!format.equals(EntryFile.FORMAT)) {
      throw problem("format", "expected \"" + EntryFile.FORMAT + "\", got \"" + format + "\"",
          null);
    }
    long version = integer(fields, "version");
    if (version != EntryFile.VERSION) {
      throw problem("version", "expected " + EntryFile.VERSION + " (the version this reader"
          + " knows), got " + version, null);
    }
    String vectors = optionalString(fields, "vectors");
    String modelId = optionalString(fields, "model_id");
    long dimension = fields.containsKey("dimension") ? integer(fields, "dimension") : 0;
    String exportedAt = optionalString(fields, "exported_at");
    Instant exported = exportedAt == null ? null : instant("exported_at", exportedAt);
    if (vectors == null) {
      if (modelId != null || dimension != 0) {
        throw problem("vectors", "expected \"" + EntryFile.VECTOR_ENCODING + "\" in a header"
            + " with model_id and dimension", null);
      }
      return EntryFileHeader.withoutVectors(exported);
    }
    if (!vectors.equals(EntryFile.VECTOR_ENCODING)) {
      throw problem("vectors", "expected \"" + EntryFile.VECTOR_ENCODING + "\", got \"" + vectors
          + "\"", null);
    }
    if (modelId == null || modelId.isBlank()) {
      throw problem("model_id", "expected the vectors' model id", null);
    }
    if (dimension < 1 || dimension > 65_536) {
      throw problem("dimension", "expected 1 to 65536, got " + dimension, null);
    }
    return new EntryFileHeader(modelId, (int) dimension, exported);
  }

  private TransferEntry entry(Map<String, @Nullable Object> fields) {
    requireKnown(fields, ENTRY_FIELDS, "entry");
    Partition partition;
    String fingerprint = optionalString(fields, "fingerprint");
    String tenant = string(fields, "tenant");
    String model = string(fields, "model");
    try {
      partition = Partition.withFingerprint(tenant, model, fingerprint == null ? "" : fingerprint);
    } catch (IllegalArgumentException e) {
      throw apiProblem(e, "tenant");
    }
    CacheKey key = CacheKey.of(partition, string(fields, "prompt"));
    String response = string(fields, "response");
    ResponseMetadata metadata = metadata(fields);
    Set<String> tags = tags(fields);
    String created = optionalString(fields, "created_at");
    String expires = optionalString(fields, "expires_at");
    Instant createdAt = created == null ? null : instant("created_at", created);
    Instant expiresAt = expires == null ? null : instant("expires_at", expires);
    Embedding embedding = vector(fields);
    try {
      return new TransferEntry(key, response, metadata, tags, createdAt, expiresAt, embedding);
    } catch (IllegalArgumentException e) {
      throw apiProblem(e, null);
    }
  }

  private ResponseMetadata metadata(Map<String, @Nullable Object> fields) {
    ResponseMetadata.Builder builder = ResponseMetadata.builder();
    Object attributes = fields.get("metadata");
    if (attributes != null) {
      if (!(attributes instanceof Map<?, ?> map)) {
        throw problem("metadata", "expected an object, got " + describe(attributes), null);
      }
      for (Map.Entry<?, ?> attribute : map.entrySet()) {
        String name = (String) attribute.getKey();
        if (!(attribute.getValue() instanceof String value)) {
          throw problem("metadata." + name, "expected a string, got "
              + describe(attribute.getValue()), null);
        }
        try {
          builder.attribute(name, value);
        } catch (IllegalArgumentException e) {
          throw problem("metadata." + name, e.getMessage(), e);
        }
      }
    }
    Object chunks = fields.get("chunk_lengths");
    if (chunks != null) {
      if (!(chunks instanceof List<?> list)) {
        throw problem("chunk_lengths", "expected an array, got " + describe(chunks), null);
      }
      List<Integer> lengths = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof BigDecimal number) || !isInt(number)) {
          throw problem("chunk_lengths[" + i + "]", "expected an integer, got "
              + describe(list.get(i)), null);
        }
        lengths.add(number.intValueExact());
      }
      try {
        builder.chunkLengths(lengths);
      } catch (IllegalArgumentException e) {
        throw problem("chunk_lengths", e.getMessage(), e);
      }
    }
    return builder.build();
  }

  private Set<String> tags(Map<String, @Nullable Object> fields) {
    Object tags = fields.get("tags");
    if (tags == null) {
      return Set.of();
    }
    if (!(tags instanceof List<?> list)) {
      throw problem("tags", "expected an array, got " + describe(tags), null);
    }
    Set<String> result = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String tag)) {
        throw problem("tags[" + i + "]", "expected a string, got " + describe(list.get(i)), null);
      }
      result.add(tag);
    }
    return result;
  }

  private @Nullable Embedding vector(Map<String, @Nullable Object> fields) {
    String encoded = optionalString(fields, "vector");
    if (encoded == null) {
      return null;
    }
    if (!header.hasVectors()) {
      throw problem("vector", "expected none: the header declares no vectors", null);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw problem("vector", "expected base64: " + e.getMessage(), e);
    }
    if (bytes.length != header.dimension() * Float.BYTES) {
      throw problem("vector", "expected " + header.dimension() + " floats (" + header.dimension()
          * Float.BYTES + " bytes, the header's dimension), got " + bytes.length + " bytes", null);
    }
    float[] vector = new float[header.dimension()];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    try {
      return Embedding.of(Objects.requireNonNull(header.modelId()), vector);
    } catch (IllegalArgumentException e) {
      throw problem("vector", e.getMessage(), e);
    }
  }

  private void requireKnown(Map<String, @Nullable Object> fields, Set<String> known,
      String what) {
    for (String name : fields.keySet()) {
      if (!known.contains(name)) {
        throw problem(name, "not a field of an entry file's " + what + " (expected one of "
            + new java.util.TreeSet<>(known) + ")", null);
      }
    }
  }

  private String string(Map<String, @Nullable Object> fields, String name) {
    Object value = fields.get(name);
    if (value == null) {
      throw problem(name, fields.containsKey(name) ? "expected a string, got null"
          : "expected a string, found no such field", null);
    }
    if (!(value instanceof String text)) {
      throw problem(name, "expected a string, got " + describe(value), null);
    }
    return text;
  }

  private @Nullable String optionalString(Map<String, @Nullable Object> fields, String name) {
    return fields.get(name) == null ? null : string(fields, name);
  }

  private long integer(Map<String, @Nullable Object> fields, String name) {
    Object value = fields.get(name);
    if (!(value instanceof BigDecimal number) || !isInt(number)) {
      throw problem(name, "expected an integer, got " + describe(value), null);
    }
    return number.intValueExact();
  }

  private Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw problem(name, "expected an ISO-8601 instant such as 2026-12-01T18:00:00Z, got \""
          + value + "\"", e);
    }
  }

  private static boolean isInt(BigDecimal number) {
    try {
      number.intValueExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  /**
   * An exception of the API's validation as a problem of the field it names ("tenant: expected...",
   * "tags[0]: expected...", "expiresAt: expected..."), or of {@code fallback}.
   */
  private EntryFileException apiProblem(IllegalArgumentException e, @Nullable String fallback) {
    String message = String.valueOf(e.getMessage());
    int colon = message.indexOf(": ");
    String argument = colon > 0 ? message.substring(0, colon) : "";
    String field = switch (argument) {
      case "tenant", "model", "fingerprint" -> argument;
      case "expiresAt" -> "expires_at";
      case "metadata.chunkLengths" -> "chunk_lengths";
      default -> argument.startsWith("tags") ? argument : null;
    };
    return field == null ? problem(fallback, message, e)
        : problem(field, message.substring(colon + 2), e);
  }

  private EntryFileException problem(@Nullable String field, @Nullable String problem,
      @Nullable Throwable cause) {
    return new EntryFileException(file, line, field, String.valueOf(problem), cause);
  }

  private static String describe(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof BigDecimal number) {
      return "the number " + number;
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof List) {
      return "an array";
    }
    return "an object";
  }
}
