package io.semcache.chat;

import io.semcache.CacheKey;
import io.semcache.Partition;
import io.semcache.json.StrictJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link CacheKey} of an OpenAI-style chat request ({@code model}, {@code messages},
 * sampling parameters, {@code tools}, {@code response_format}, ...).
 *
 * <ul>
 *   <li>The <b>compared text</b> is the last message, which must be the user's; its text parts are
 *       joined with newlines.
 *   <li>The <b>partition</b> is the caller's tenant, the request's {@code model}, and a fingerprint
 *       of everything else that changes the answer: the earlier messages (system prompt and
 *       turns), and every other request field except those that only shape the transport ({@code
 *       stream}, {@code stream_options}, {@code user}, {@code metadata}, {@code store}, and the
 *       ones given to {@link Builder#ignoredField}). Fields are written canonically first (keys
 *       sorted, numbers by value), so key order, whitespace and number formatting never split a
 *       partition. A field this class does not know splits partitions rather than merging them: a
 *       miss, never a wrong hit.
 *   <li><b>Not cacheable</b>, with a {@link ChatKey.Reason}: a last message that is a tool result
 *       or an assistant prefill, a user message without text or with images, audio or files,
 *       {@code n} above 1, and {@code temperature} above {@link Builder#maxTemperature}.
 * </ul>
 *
 * <p>Immutable and thread-safe. Malformed requests (no {@code model}, {@code messages} not a list
 * of messages with roles, content of the wrong type) throw {@link IllegalArgumentException}
 * naming the field, e.g. {@code messages[2].role}.
 */
public final class ChatKeys {

  /** Fields that say how the answer is delivered or recorded, not what it says. */
  private static final Set<String> TRANSPORT_FIELDS =
      Set.of("stream", "stream_options", "user", "metadata", "store");
  /** The OpenAI default, when a request does not say. */
  private static final BigDecimal DEFAULT_TEMPERATURE = BigDecimal.ONE;

  private final BigDecimal maxTemperature;
  private final Set<String> ignoredFields;

  private ChatKeys(Builder builder) {
    this.maxTemperature = builder.maxTemperature;
    Set<String> ignored = new TreeSet<>(TRANSPORT_FIELDS);
    ignored.addAll(builder.ignoredFields);
    this.ignoredFields = Set.copyOf(ignored);
  }

  /** The defaults: temperatures up to 1.0 (OpenAI's default) are cached. */
  public static ChatKeys defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param tenant whose request this is (the partition's tenant)
   * @param requestJson the request body as JSON text
   * @throws IllegalArgumentException if the text is not JSON (with the offset) or the request is
   *     malformed (with the field)
   */
  public ChatKey keyOf(String tenant, String requestJson) {
    Objects.requireNonNull(requestJson, "requestJson");
    Object request = StrictJson.document(requestJson);
    if (!(request instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("request: expected a JSON object, got "
          + CanonicalJson.describe(request));
    }
    return keyOf(tenant, map);
  }

  /**
   * @param tenant whose request this is (the partition's tenant)
   * @param request the parsed request: maps with string keys, lists, strings, numbers, booleans,
   *     nulls (what Jackson, Gson or this class' JSON reader produce)
   * @throws IllegalArgumentException if the request is malformed, naming the field
   */
  public ChatKey keyOf(String tenant, Map<?, ?> request) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    String model = requireString(request.get("model"), "request.model");
    List<?> messages = requireList(request.get("messages"), "request.messages");
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("request.messages: expected at least one message");
    }
    Object n = request.get("n");
    if (n != null && number(n, "request.n").compareTo(BigDecimal.ONE) > 0) {
      return new ChatKey.NotCacheable(ChatKey.Reason.MULTIPLE_CHOICES, "n is " + n);
    }
    Object temperature = request.get("temperature");
    BigDecimal effective =
        temperature == null ? DEFAULT_TEMPERATURE : number(temperature, "request.temperature");
    if (effective.compareTo(maxTemperature) > 0) {
      return new ChatKey.NotCacheable(ChatKey.Reason.TEMPERATURE_ABOVE_LIMIT, "temperature "
          + effective.toPlainString() + " is above " + maxTemperature.toPlainString());
    }

    int last = messages.size() - 1;
    String lastPath = "request.messages[" + last + "]";
    Map<?, ?> lastMessage = requireMap(messages.get(last), lastPath);
    String role = requireString(lastMessage.get("role"), lastPath + ".role");
    if (!role.equals("user")) {
      return new ChatKey.NotCacheable(ChatKey.Reason.LAST_MESSAGE_NOT_FROM_USER,
          "the last message is the " + role + "'s");
    }
    for (int i = 0; i < last; i++) {
      Map<?, ?> earlier = requireMap(messages.get(i), "request.messages[" + i + "]");
      requireString(earlier.get("role"), "request.messages[" + i + "].role");
    }
    Object content = lastMessage.get("content");
    String text;
    if (content instanceof String plain) {
      text = plain;
    } else if (content instanceof List<?> parts) {
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        String partPath = lastPath + ".content[" + i + "]";
        Map<?, ?> part = requireMap(parts.get(i), partPath);
        String type = requireString(part.get("type"), partPath + ".type");
        if (!type.equals("text")) {
          return new ChatKey.NotCacheable(ChatKey.Reason.NON_TEXT_CONTENT,
              "the last user message has a part of type " + type);
        }
        texts.add(requireText(part.get("text"), partPath + ".text"));
      }
      text = String.join("\n", texts);
    } else {
      throw new IllegalArgumentException(lastPath + ".content: expected a string or a list of"
          + " parts, got " + CanonicalJson.describe(content));
    }
    if (CacheKey.isBlankText(text)) {
      return new ChatKey.NotCacheable(ChatKey.Reason.EMPTY_USER_TEXT,
          "the last user message has no text");
    }

    // What the compared text is answered in the context of: everything but the text itself.
    Map<String, @Nullable Object> context = new LinkedHashMap<>();
    Map<String, @Nullable Object> lastWithoutContent = new LinkedHashMap<>();
    for (Map.Entry<?, ?> field : lastMessage.entrySet()) {
      if (!"content".equals(field.getKey())) {
        lastWithoutContent.put(String.valueOf(field.getKey()), field.getValue());
      }
    }
    context.put("earlier_messages", messages.subList(0, last));
    context.put("last_message_fields", lastWithoutContent);
    Map<String, @Nullable Object> parameters = new LinkedHashMap<>();
    for (Map.Entry<?, ?> field : request.entrySet()) {
      String key = String.valueOf(field.getKey());
      if (!key.equals("model") && !key.equals("messages") && !ignoredFields.contains(key)) {
        parameters.put(key, field.getValue());
      }
    }
    // Absent and the default are one request.
    parameters.putIfAbsent("temperature", DEFAULT_TEMPERATURE);
    parameters.putIfAbsent("n", BigDecimal.ONE);
    context.put("parameters", parameters);
    String canonical = CanonicalJson.of(context, "request");
    return new ChatKey.Cacheable(CacheKey.of(Partition.of(tenant, model, canonical), text));
  }

  private static String requireString(@Nullable Object value, String path) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException(path + ": expected a non-blank string, got "
          + (value instanceof String ? "a blank string" : CanonicalJson.describe(value)));
    }
    return text;
  }

  private static String requireText(@Nullable Object value, String path) {
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(path + ": expected a string, got "
          + CanonicalJson.describe(value));
    }
    return text;
  }

  private static List<?> requireList(@Nullable Object value, String path) {
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(path + ": expected a list, got "
          + CanonicalJson.describe(value));
    }
    return list;
  }

  private static Map<?, ?> requireMap(@Nullable Object value, String path) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(path + ": expected an object, got "
          + CanonicalJson.describe(value));
    }
    return map;
  }

  private static BigDecimal number(Object value, String path) {
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(path + ": expected a number, got "
          + CanonicalJson.describe(value));
    }
    return new BigDecimal(CanonicalJson.canonicalNumber(number, path));
  }

  /** Options of {@link ChatKeys}; each may be set once. */
  public static final class Builder {
    private BigDecimal maxTemperature = DEFAULT_TEMPERATURE;
    private boolean maxTemperatureSet;
    private final Set<String> ignoredFields = new TreeSet<>();

    private Builder() {}

    /**
     * Requests with a higher {@code temperature} are not cached (default 1.0; 0 caches only
     * greedy decoding).
     *
     * @throws IllegalArgumentException if {@code limit} is negative or not finite
     * @throws IllegalStateException if already set
     */
    public Builder maxTemperature(double limit) {
      if (maxTemperatureSet) {
        throw new IllegalStateException("maxTemperature was already set to " + maxTemperature);
      }
      if (!Double.isFinite(limit) || limit < 0) {
        throw new IllegalArgumentException("maxTemperature: expected a finite number >= 0, got "
            + limit);
      }
      this.maxTemperature = BigDecimal.valueOf(limit);
      this.maxTemperatureSet = true;
      return this;
    }

    /**
     * A request field that does not change the answer (a gateway's own tracing field, say), left
     * out of the partition. {@code model}, {@code messages}, {@code n} and {@code temperature}
     * cannot be ignored.
     *
     * @throws IllegalArgumentException if {@code field} is blank or one of those
     */
    public Builder ignoredField(String field) {
      Objects.requireNonNull(field, "field");
      if (field.isBlank() || Set.of("model", "messages", "n", "temperature").contains(field)) {
        throw new IllegalArgumentException("ignoredField: expected a request field other than"
            + " model, messages, n and temperature, got '" + field + "'");
      }
      ignoredFields.add(field);
      return this;
    }

    public ChatKeys build() {
      return new ChatKeys(this);
    }
  }
}
