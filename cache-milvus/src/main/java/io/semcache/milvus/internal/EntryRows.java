package io.semcache.milvus.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.ResponseMetadata;
import io.semcache.spi.StoredEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Converts between {@link StoredEntry} and Milvus rows, in one place: the row written by an
 * upsert, and the entity maps that queries and searches return.
 */
public final class EntryRows {

  private final String vectorField;
  private final int dimension;
  private final Schema.Limits limits;
  private final JsonArray placeholderVector;

  /** A row ready to upsert, or why there is none. */
  public sealed interface Conversion {}

  /** The row to write. */
  public record Row(JsonObject json) implements Conversion {}

  /** A text does not fit its field even compressed; {@code field} says which. */
  /**
   * A value that does not fit its field.
   *
   * @param compressedBytes its gzip+base64 size for prompt and response, -1 when not compressed
   *     (partition parts and model id are stored plain; a text over 1500 times the limit is not
   *     tried)
   */
  public record TooLarge(String field, int utf8Bytes, int compressedBytes, int limitBytes)
      implements Conversion {}

  public EntryRows(String vectorField, int dimension, Schema.Limits limits) {
    this.vectorField = vectorField;
    this.dimension = dimension;
    this.limits = limits;
    // Truncated prompts have no vector, but the field is required: any unit vector will do,
    // searches exclude these rows by "searchable == true".
    this.placeholderVector = new JsonArray(dimension);
    for (int i = 0; i < dimension; i++) {
      placeholderVector.add(i == 0 ? 1.0f : 0.0f);
    }
  }

  /** The fields a read returns: all but the vector, which no reader needs (1.5 kB a row). */
  public List<String> outputFields() {
    if (!limits.metadataAndTags()) {
      return List.copyOf(Schema.scalarFields());
    }
    List<String> fields = new ArrayList<>(Schema.scalarFields());
    fields.add(Schema.METADATA);
    fields.add(Schema.TAGS);
    return List.copyOf(fields);
  }

  /** Whether rows carry response metadata and tags (not on a collection older than them). */
  public boolean hasMetadataAndTags() {
    return limits.metadataAndTags();
  }

  /** The row of {@code entry}, or which text is too large for its field. */
  public Conversion toRow(StoredEntry entry) {
    Partition partition = entry.partition();
    TooLarge tooLarge = tooLarge(Schema.TENANT, partition.tenant(), limits.tenant());
    if (tooLarge == null) {
      tooLarge = tooLarge(Schema.MODEL, partition.model(), limits.model());
    }
    if (tooLarge == null) {
      tooLarge = tooLarge(Schema.FINGERPRINT, partition.fingerprint(), limits.fingerprint());
    }
    if (tooLarge == null) {
      tooLarge = tooLarge(Schema.MODEL_ID, entry.modelId(), limits.modelId());
    }
    if (tooLarge != null) {
      return tooLarge;
    }
    if (!limits.metadataAndTags() && entry.hasMetadataOrTags()) {
      throw new IllegalArgumentException("entry: metadata and tags need a collection that has"
          + " their fields");
    }
    String metadata = encodeMetadata(entry.metadata());
    if (TextCodec.utf8Length(metadata) > Schema.MAX_VARCHAR_BYTES) {
      return new TooLarge(Schema.METADATA, TextCodec.utf8Length(metadata), -1,
          Schema.MAX_VARCHAR_BYTES);
    }
    Optional<TextCodec.Encoded> prompt = TextCodec.encode(entry.prompt(), limits.prompt());
    if (prompt.isEmpty()) {
      return new TooLarge(Schema.PROMPT, TextCodec.utf8Length(entry.prompt()),
          TextCodec.compressedLength(entry.prompt(), limits.prompt()), limits.prompt());
    }
    Optional<TextCodec.Encoded> response = TextCodec.encode(entry.response(), limits.response());
    if (response.isEmpty()) {
      return new TooLarge(Schema.RESPONSE, TextCodec.utf8Length(entry.response()),
          TextCodec.compressedLength(entry.response(), limits.response()), limits.response());
    }
    JsonObject row = new JsonObject();
    row.addProperty(Schema.ID, entry.id().value());
    row.addProperty(Schema.PARTITION_KEY, partition.digest());
    row.addProperty(Schema.TENANT, partition.tenant());
    row.addProperty(Schema.MODEL, partition.model());
    row.addProperty(Schema.FINGERPRINT, partition.fingerprint());
    row.addProperty(Schema.PROMPT, prompt.get().value());
    row.addProperty(Schema.PROMPT_ENCODING, prompt.get().encoding());
    row.addProperty(Schema.RESPONSE, response.get().value());
    row.addProperty(Schema.RESPONSE_ENCODING, response.get().encoding());
    float[] vector = entry.vector();
    if (vector != null) {
      if (vector.length != dimension) {
        throw new IllegalArgumentException("entry.vector: expected " + dimension
            + " dimensions, got " + vector.length);
      }
      JsonArray values = new JsonArray(vector.length);
      for (float v : vector) {
        values.add(v);
      }
      row.add(vectorField, values);
    } else {
      row.add(vectorField, placeholderVector.deepCopy());
    }
    row.addProperty(Schema.SEARCHABLE, vector != null);
    row.addProperty(Schema.CREATED_AT, entry.createdAtMillis());
    row.addProperty(Schema.EXPIRES_AT, entry.expiresAtMillis());
    row.addProperty(Schema.MODEL_ID, entry.modelId());
    if (limits.metadataAndTags()) {
      row.addProperty(Schema.METADATA, metadata);
      JsonArray tags = new JsonArray(entry.tags().size());
      entry.tags().forEach(tags::add);
      row.add(Schema.TAGS, tags);
    }
    return new Row(row);
  }

  /**
   * The entry a query or search returned.
   *
   * @throws IllegalArgumentException if the row is not one this backend could have written
   *     (a missing or malformed field, an unknown encoding)
   */
  public StoredEntry fromEntity(Map<String, Object> entity) {
    EntryId id = new EntryId(text(entity, Schema.ID));
    Partition partition = Partition.withFingerprint(text(entity, Schema.TENANT),
        text(entity, Schema.MODEL), text(entity, Schema.FINGERPRINT));
    String prompt = TextCodec.decode(text(entity, Schema.PROMPT),
        (int) number(entity, Schema.PROMPT_ENCODING));
    String response = TextCodec.decode(text(entity, Schema.RESPONSE),
        (int) number(entity, Schema.RESPONSE_ENCODING));
    boolean searchable = bool(entity, Schema.SEARCHABLE);
    float @Nullable [] vector = searchable ? vector(entity) : null;
    ResponseMetadata metadata = limits.metadataAndTags()
        ? decodeMetadata(text(entity, Schema.METADATA)) : ResponseMetadata.NONE;
    Set<String> tags = limits.metadataAndTags() ? tags(entity) : Set.of();
    return new StoredEntry(id, partition, prompt, response, metadata, vector, searchable,
        text(entity, Schema.MODEL_ID), number(entity, Schema.CREATED_AT),
        number(entity, Schema.EXPIRES_AT), tags);
  }

  /**
   * The metadata field's JSON: {@code {"attributes": {...}, "chunks": [...]}}, each part left out
   * when empty, and the empty string for none (most entries).
   */
  static String encodeMetadata(ResponseMetadata metadata) {
    if (metadata.isEmpty()) {
      return "";
    }
    JsonObject json = new JsonObject();
    if (!metadata.attributes().isEmpty()) {
      JsonObject attributes = new JsonObject();
      metadata.attributes().forEach(attributes::addProperty);
      json.add("attributes", attributes);
    }
    if (!metadata.chunkLengths().isEmpty()) {
      JsonArray chunks = new JsonArray(metadata.chunkLengths().size());
      metadata.chunkLengths().forEach(chunks::add);
      json.add("chunks", chunks);
    }
    return json.toString();
  }

  /** @throws IllegalArgumentException if {@code text} is not what {@link #encodeMetadata} wrote */
  static ResponseMetadata decodeMetadata(String text) {
    if (text.isEmpty()) {
      return ResponseMetadata.NONE;
    }
    try {
      JsonObject json = JsonParser.parseString(text).getAsJsonObject();
      ResponseMetadata.Builder builder = ResponseMetadata.builder();
      if (json.has("attributes")) {
        for (Map.Entry<String, JsonElement> attribute
            : json.getAsJsonObject("attributes").entrySet()) {
          builder.attribute(attribute.getKey(), attribute.getValue().getAsString());
        }
      }
      if (json.has("chunks")) {
        List<Integer> lengths = new ArrayList<>();
        for (JsonElement length : json.getAsJsonArray("chunks")) {
          lengths.add(length.getAsInt());
        }
        builder.chunkLengths(lengths);
      }
      return builder.build();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(Schema.METADATA + ": expected the JSON this backend"
          + " writes, got '" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "' ("
          + e.getMessage() + ")", e);
    }
  }

  private static Set<String> tags(Map<String, Object> entity) {
    Object raw = entity.get(Schema.TAGS);
    if (!(raw instanceof List<?> values)) {
      throw new IllegalArgumentException(Schema.TAGS + ": expected a list, got " + describe(raw));
    }
    Set<String> tags = new TreeSet<>();
    for (Object value : values) {
      if (!(value instanceof String tag)) {
        throw new IllegalArgumentException(Schema.TAGS + ": expected strings, got "
            + describe(value));
      }
      tags.add(tag);
    }
    return tags;
  }

  /** Partition parts and the model id are stored plain: they must fit as they are. */
  private static @Nullable TooLarge tooLarge(String field, String value, int limitBytes) {
    int bytes = TextCodec.utf8Length(value);
    return bytes > limitBytes ? new TooLarge(field, bytes, -1, limitBytes) : null;
  }

  private float @Nullable [] vector(Map<String, Object> entity) {
    Object raw = entity.get(vectorField);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof List<?> values) || values.size() != dimension) {
      throw new IllegalArgumentException(vectorField + ": expected " + dimension + " floats, got "
          + describe(raw));
    }
    float[] vector = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      if (!(values.get(i) instanceof Number n)) {
        throw new IllegalArgumentException(vectorField + "[" + i + "]: expected a number");
      }
      vector[i] = n.floatValue();
    }
    return vector;
  }

  private static String text(Map<String, Object> entity, String field) {
    Object value = entity.get(field);
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException(field + ": expected a string, got " + describe(value));
    }
    return s;
  }

  private static long number(Map<String, Object> entity, String field) {
    Object value = entity.get(field);
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException(field + ": expected a number, got " + describe(value));
    }
    return n.longValue();
  }

  private static boolean bool(Map<String, Object> entity, String field) {
    Object value = entity.get(field);
    if (!(value instanceof Boolean b)) {
      throw new IllegalArgumentException(field + ": expected a boolean, got " + describe(value));
    }
    return b;
  }

  private static String describe(@Nullable Object value) {
    return value == null ? "nothing" : value.getClass().getSimpleName();
  }
}
