package io.semcache.milvus.internal;

import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq.FieldSchema;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.semcache.EntryId;
import io.semcache.milvus.MilvusConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The collection layout: one meaning per field. Created by {@link #collectionSchema} and checked
 * against an existing collection by {@link #mismatches}.
 *
 * <p>VarChar lengths count UTF-8 bytes in Milvus. Partition components are limited in characters
 * (256, 256, 128), so their fields hold four bytes per character; the entry id and partition
 * digest are ASCII hex.
 */
public final class Schema {

  public static final String ID = "id";
  public static final String PARTITION_KEY = "partition_key";
  public static final String TENANT = "tenant";
  public static final String MODEL = "model";
  public static final String FINGERPRINT = "fingerprint";
  public static final String PROMPT = "prompt";
  public static final String PROMPT_ENCODING = "prompt_encoding";
  public static final String RESPONSE = "response";
  public static final String RESPONSE_ENCODING = "response_encoding";
  public static final String SEARCHABLE = "searchable";
  public static final String CREATED_AT = "created_at";
  public static final String EXPIRES_AT = "expires_at";
  public static final String MODEL_ID = "model_id";
  public static final String METADATA = "response_metadata";
  public static final String TAGS = "tags";

  /** The largest VarChar Milvus allows, in UTF-8 bytes. */
  public static final int MAX_VARCHAR_BYTES = 65_535;

  static final int ID_LENGTH = EntryId.LENGTH;
  static final int PARTITION_KEY_LENGTH = 64;
  static final int TENANT_LENGTH = 4 * io.semcache.Partition.MAX_TENANT_LENGTH;
  static final int MODEL_LENGTH = 4 * io.semcache.Partition.MAX_MODEL_LENGTH;
  static final int FINGERPRINT_LENGTH = 4 * io.semcache.Partition.MAX_FINGERPRINT_LENGTH;
  static final int MODEL_ID_LENGTH = 256;
  static final int TAG_LENGTH = io.semcache.TagInvalidation.MAX_TAG_LENGTH;
  static final int TAGS_CAPACITY = io.semcache.TagInvalidation.MAX_TAGS_PER_ENTRY;

  /** The type and, for VarChar, the least max_length each non-vector field needs. */
  private record Expected(DataType type, int minLength) {}

  private static final Map<String, Expected> SCALAR_FIELDS = new LinkedHashMap<>();

  static {
    SCALAR_FIELDS.put(ID, new Expected(DataType.VarChar, ID_LENGTH));
    SCALAR_FIELDS.put(PARTITION_KEY, new Expected(DataType.VarChar, PARTITION_KEY_LENGTH));
    SCALAR_FIELDS.put(TENANT, new Expected(DataType.VarChar, 1));
    SCALAR_FIELDS.put(MODEL, new Expected(DataType.VarChar, 1));
    SCALAR_FIELDS.put(FINGERPRINT, new Expected(DataType.VarChar, 1));
    SCALAR_FIELDS.put(PROMPT, new Expected(DataType.VarChar, 1));
    SCALAR_FIELDS.put(PROMPT_ENCODING, new Expected(DataType.Int8, 0));
    SCALAR_FIELDS.put(RESPONSE, new Expected(DataType.VarChar, 1));
    SCALAR_FIELDS.put(RESPONSE_ENCODING, new Expected(DataType.Int8, 0));
    SCALAR_FIELDS.put(SEARCHABLE, new Expected(DataType.Bool, 0));
    SCALAR_FIELDS.put(CREATED_AT, new Expected(DataType.Int64, 0));
    SCALAR_FIELDS.put(EXPIRES_AT, new Expected(DataType.Int64, 0));
    SCALAR_FIELDS.put(MODEL_ID, new Expected(DataType.VarChar, 1));
  }

  /**
   * The UTF-8 byte limits of the text fields of a collection, as created or as found, and whether
   * it has the metadata and tags fields (a collection created before they existed has neither).
   */
  public record Limits(int tenant, int model, int fingerprint, int prompt, int response,
      int modelId, boolean metadataAndTags) {

    /** The limits declared by an existing collection's fields (present and VarChar). */
    static Limits of(CreateCollectionReq.CollectionSchema schema) {
      return new Limits(length(schema, TENANT), length(schema, MODEL),
          length(schema, FINGERPRINT), length(schema, PROMPT), length(schema, RESPONSE),
          length(schema, MODEL_ID), schema.getField(METADATA) != null);
    }

    private static int length(CreateCollectionReq.CollectionSchema schema, String field) {
      Integer max = schema.getField(field).getMaxLength();
      return max == null ? MAX_VARCHAR_BYTES : Math.min(max, MAX_VARCHAR_BYTES);
    }
  }

  private Schema() {}

  /** Every field but the vector. */
  public static List<String> scalarFields() {
    return List.copyOf(SCALAR_FIELDS.keySet());
  }

  /** The schema of a new collection for vectors of {@code dimension}. */
  public static CreateCollectionReq.CollectionSchema collectionSchema(MilvusConfig config,
      int dimension) {
    CreateCollectionReq.CollectionSchema schema =
        CreateCollectionReq.CollectionSchema.builder().enableDynamicField(false).build();
    schema.addField(AddFieldReq.builder().fieldName(ID).dataType(DataType.VarChar)
        .maxLength(ID_LENGTH).isPrimaryKey(true).autoID(false)
        .description("entry id: digest of partition and prompt").build());
    schema.addField(AddFieldReq.builder().fieldName(PARTITION_KEY).dataType(DataType.VarChar)
        .maxLength(PARTITION_KEY_LENGTH).isPartitionKey(true)
        .description("digest of tenant, model and fingerprint").build());
    schema.addField(varChar(TENANT, TENANT_LENGTH, "partition: tenant"));
    schema.addField(varChar(MODEL, MODEL_LENGTH, "partition: LLM model"));
    schema.addField(varChar(FINGERPRINT, FINGERPRINT_LENGTH, "partition: context fingerprint"));
    schema.addField(varChar(PROMPT, MAX_VARCHAR_BYTES, "prompt text, see prompt_encoding"));
    schema.addField(int8(PROMPT_ENCODING, "0 plain UTF-8, 1 gzip+base64"));
    schema.addField(varChar(RESPONSE, MAX_VARCHAR_BYTES, "response text, see response_encoding"));
    schema.addField(int8(RESPONSE_ENCODING, "0 plain UTF-8, 1 gzip+base64"));
    schema.addField(AddFieldReq.builder().fieldName(config.collection().vectorField().name())
        .dataType(DataType.FloatVector).dimension(dimension)
        .description("unit embedding of the prompt").build());
    schema.addField(AddFieldReq.builder().fieldName(SEARCHABLE).dataType(DataType.Bool)
        .description("false when the prompt was truncated: exact matches only").build());
    schema.addField(AddFieldReq.builder().fieldName(CREATED_AT).dataType(DataType.Int64)
        .description("epoch millis").build());
    schema.addField(AddFieldReq.builder().fieldName(EXPIRES_AT).dataType(DataType.Int64)
        .description("epoch millis; not returned from this instant on").build());
    schema.addField(varChar(MODEL_ID, MODEL_ID_LENGTH, "embedder model id"));
    schema.addField(varChar(METADATA, MAX_VARCHAR_BYTES,
        "response attributes and chunk lengths, JSON; empty when none"));
    schema.addField(AddFieldReq.builder().fieldName(TAGS).dataType(DataType.Array)
        .elementType(DataType.VarChar).maxCapacity(TAGS_CAPACITY).maxLength(TAG_LENGTH)
        .description("facts the entry depends on, for invalidation by tag").build());
    return schema;
  }

  /** The HNSW index of the vector field, with the configured metric and build parameters. */
  public static IndexParam vectorIndex(MilvusConfig config) {
    return IndexParam.builder()
        .fieldName(config.collection().vectorField().name())
        .indexType(IndexParam.IndexType.HNSW)
        .metricType(metricType(config.collection().vectorField().metric()))
        .extraParams(Map.of("M", config.collection().index().m(), "efConstruction", config.collection().index().efConstruction()))
        .build();
  }

  static IndexParam.MetricType metricType(MilvusConfig.Metric metric) {
    return switch (metric) {
      case IP -> IndexParam.MetricType.IP;
      case COSINE -> IndexParam.MetricType.COSINE;
    };
  }

  /**
   * Why an existing collection cannot hold this backend's entries: each missing field, wrong type,
   * too short primary key or digest, wrong index type or metric, and each extra field a write
   * could not fill. Empty when it fits. The vector dimension is not compared here (a different
   * dimension means another embedder, reported as such).
   *
   * @param vectorIndex the vector field's index, or null if it has none
   */
  public static List<String> mismatches(CreateCollectionReq.CollectionSchema schema,
      MilvusConfig config, DescribeIndexResp.@Nullable IndexDesc vectorIndex) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Expected> expected : SCALAR_FIELDS.entrySet()) {
      String name = expected.getKey();
      FieldSchema field = schema.getField(name);
      if (field == null) {
        problems.add("field '" + name + "' is missing (expected " + describe(expected.getValue())
            + ")");
        continue;
      }
      if (field.getDataType() != expected.getValue().type()) {
        problems.add("field '" + name + "' is " + field.getDataType() + ", expected "
            + describe(expected.getValue()));
        continue;
      }
      Integer maxLength = field.getMaxLength();
      int minLength = expected.getValue().minLength();
      if (field.getDataType() == DataType.VarChar && maxLength != null && maxLength < minLength) {
        problems.add("field '" + name + "' holds at most " + maxLength + " bytes, expected at least "
            + minLength);
      }
    }
    problems.addAll(metadataAndTagsMismatches(schema));
    FieldSchema id = schema.getField(ID);
    if (id != null && !Boolean.TRUE.equals(id.getIsPrimaryKey())) {
      problems.add("field 'id' is not the primary key");
    } else if (id != null && Boolean.TRUE.equals(id.getAutoID())) {
      problems.add("field 'id' has autoID enabled; the backend supplies its own ids");
    }
    FieldSchema vector = schema.getField(config.collection().vectorField().name());
    if (vector == null) {
      problems.add("vector field '" + config.collection().vectorField().name() + "' is missing (collection."
          + "vector_field.name)");
    } else if (vector.getDataType() != DataType.FloatVector) {
      problems.add("vector field '" + config.collection().vectorField().name() + "' is " + vector.getDataType()
          + ", expected FloatVector");
    } else if (vectorIndex == null) {
      problems.add("vector field '" + config.collection().vectorField().name() + "' has no index, expected HNSW");
    } else {
      if (vectorIndex.getIndexType() != IndexParam.IndexType.HNSW) {
        problems.add("vector field '" + config.collection().vectorField().name() + "' has a "
            + vectorIndex.getIndexType() + " index, expected HNSW (collection.index.type)");
      }
      if (vectorIndex.getMetricType() != metricType(config.collection().vectorField().metric())) {
        problems.add("vector field '" + config.collection().vectorField().name() + "' is indexed with metric "
            + vectorIndex.getMetricType() + ", expected " + config.collection().vectorField().metric()
            + " (collection.vector_field.metric_type)");
      }
    }
    for (FieldSchema field : schema.getFieldSchemaList()) {
      String name = field.getName();
      if (SCALAR_FIELDS.containsKey(name) || name.equals(config.collection().vectorField().name())
          || name.equals(METADATA) || name.equals(TAGS) || name.startsWith("$")) {
        continue;
      }
      boolean fillable = Boolean.TRUE.equals(field.getIsNullable()) || field.getDefaultValue() != null;
      if (!fillable) {
        problems.add("field '" + name + "' is not one of the backend's, and is neither nullable nor"
            + " has a default value, so writes would fail");
      }
    }
    return problems;
  }

  /**
   * The metadata and tags fields come as a pair, or neither (a collection created before they
   * existed, which the store then uses without them); when present, with their types.
   */
  private static List<String> metadataAndTagsMismatches(
      CreateCollectionReq.CollectionSchema schema) {
    FieldSchema metadata = schema.getField(METADATA);
    FieldSchema tags = schema.getField(TAGS);
    List<String> problems = new ArrayList<>();
    if (metadata == null && tags == null) {
      return problems;
    }
    if (metadata == null || tags == null) {
      problems.add("field '" + (metadata == null ? METADATA : TAGS) + "' is missing while '"
          + (metadata == null ? TAGS : METADATA) + "' exists (expected both or, on a collection"
          + " created before they existed, neither)");
      return problems;
    }
    if (metadata.getDataType() != DataType.VarChar) {
      problems.add("field '" + METADATA + "' is " + metadata.getDataType() + ", expected VarChar");
    }
    if (tags.getDataType() != DataType.Array || tags.getElementType() != DataType.VarChar) {
      problems.add("field '" + TAGS + "' is " + tags.getDataType() + " of "
          + tags.getElementType() + ", expected Array of VarChar");
    } else {
      Integer capacity = tags.getMaxCapacity();
      Integer length = tags.getMaxLength();
      if (capacity != null && capacity < TAGS_CAPACITY || length != null && length < TAG_LENGTH) {
        problems.add("field '" + TAGS + "' holds at most " + capacity + " tags of " + length
            + " bytes, expected at least " + TAGS_CAPACITY + " of " + TAG_LENGTH);
      }
    }
    return problems;
  }

  /** The dimension of the vector field, if it is a float vector. */
  static @Nullable Integer dimensionOf(CreateCollectionReq.CollectionSchema schema,
      String vectorField) {
    FieldSchema vector = schema.getField(vectorField);
    return vector == null || vector.getDataType() != DataType.FloatVector
        ? null : vector.getDimension();
  }

  private static String describe(Expected expected) {
    return expected.type() == DataType.VarChar
        ? "VarChar of at least " + expected.minLength() + " bytes"
        : expected.type().name();
  }

  private static AddFieldReq varChar(String name, int maxLength, String description) {
    return AddFieldReq.builder().fieldName(name).dataType(DataType.VarChar).maxLength(maxLength)
        .description(description).build();
  }

  private static AddFieldReq int8(String name, String description) {
    return AddFieldReq.builder().fieldName(name).dataType(DataType.Int8).description(description)
        .build();
  }
}
