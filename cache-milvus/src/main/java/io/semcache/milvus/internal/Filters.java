package io.semcache.milvus.internal;

import io.semcache.Partition;
import org.jspecify.annotations.Nullable;

/**
 * Builds the boolean expressions of Milvus searches, queries and deletes. The only place filters
 * are written: values are always rendered as literals by {@link #stringLiteral}, never
 * concatenated raw, so no tenant, model or model id can change the meaning of a filter.
 *
 * <p>Literal values rather than {@code filterTemplateValues}: milvus-lite does not parse templates
 * (see the README), and the literals here are short.
 */
public final class Filters {

  private Filters() {}

  /** Live, searchable entries of {@code partition} at {@code nowMillis}. */
  public static String searchable(Partition partition, long nowMillis) {
    return Schema.PARTITION_KEY + " == " + stringLiteral(partition.digest()) + " and "
        + Schema.SEARCHABLE + " == true and " + Schema.EXPIRES_AT + " > " + nowMillis;
  }

  /** Every entry of {@code partition}. */
  public static String partition(Partition partition) {
    return Schema.PARTITION_KEY + " == " + stringLiteral(partition.digest());
  }

  /** Every entry (the primary key is never empty). */
  public static String all() {
    return Schema.ID + " != \"\"";
  }

  /** Entries whose expiry has passed at {@code nowMillis}. */
  public static String expired(long nowMillis) {
    return Schema.EXPIRES_AT + " <= " + nowMillis;
  }

  /** Entries live at {@code nowMillis}. */
  public static String live(long nowMillis) {
    return Schema.EXPIRES_AT + " > " + nowMillis;
  }

  /** Entries carrying {@code tag}. */
  public static String tagged(String tag) {
    return "array_contains(" + Schema.TAGS + ", " + stringLiteral(tag) + ")";
  }

  /** Live entries carrying {@code tag}. */
  public static String liveTagged(String tag, long nowMillis) {
    return tagged(tag) + " and " + live(nowMillis);
  }

  /**
   * Entries live at {@code nowMillis} whose id is in {@code (afterId, lastId]}, from the first id
   * when {@code afterId} is null: a range of an export's scan. Ids are fixed-length lowercase hex,
   * so their string order is their numeric order.
   */
  public static String liveIdRange(@Nullable String afterId, String lastId, long nowMillis) {
    return (afterId == null ? "" : Schema.ID + " > " + stringLiteral(afterId) + " and ")
        + Schema.ID + " <= " + stringLiteral(lastId) + " and " + live(nowMillis);
  }

  /** Live entries written by another embedder than {@code modelId}. */
  public static String liveOfAnotherModel(String modelId, long nowMillis) {
    return Schema.MODEL_ID + " != " + stringLiteral(modelId) + " and " + live(nowMillis);
  }

  /**
   * A double-quoted Milvus string literal of {@code value}: backslash and double quote are
   * escaped, and so are control characters (as {@code \n}, {@code \t}, {@code \r} or {@code
   * \}{@code uXXXX}), which the expression grammar does not allow raw.
   */
  public static String stringLiteral(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
