package io.semcache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a cache keeps beside a response's text: named attributes (finish reason, token usage, the
 * model that answered, content type, the caller's own keys) and, for a streamed response, where
 * its chunks began. Immutable; stored and returned with the entry by every backend.
 *
 * <p>Bounded so an entry's size stays predictable: at most {@value #MAX_ATTRIBUTES} attributes,
 * names of 1 to {@value #MAX_NAME_LENGTH} characters from {@code [A-Za-z0-9_.:-]}, values of at
 * most {@value #MAX_VALUE_LENGTH} characters, and at most {@value #MAX_CHUNKS} chunks.
 */
public final class ResponseMetadata {

  public static final int MAX_ATTRIBUTES = 32;
  public static final int MAX_NAME_LENGTH = 64;
  public static final int MAX_VALUE_LENGTH = 1024;
  public static final int MAX_CHUNKS = 4096;

  public static final String FINISH_REASON = "finish_reason";
  public static final String MODEL = "model";
  public static final String CONTENT_TYPE = "content_type";
  public static final String PROMPT_TOKENS = "prompt_tokens";
  public static final String COMPLETION_TOKENS = "completion_tokens";

  /** The content type of a response nobody typed: plain text. */
  public static final String PLAIN_TEXT = "text/plain";

  /** No attributes, not streamed. */
  public static final ResponseMetadata NONE = new ResponseMetadata(new TreeMap<>(), List.of());

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_NAME_LENGTH + "}");

  private final Map<String, String> attributes;
  private final List<Integer> chunkLengths;

  private ResponseMetadata(TreeMap<String, String> attributes, List<Integer> chunkLengths) {
    this.attributes = Collections.unmodifiableMap(attributes);
    this.chunkLengths = List.copyOf(chunkLengths);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every attribute, by name in ascending order. */
  public Map<String, String> attributes() {
    return attributes;
  }

  public Optional<String> attribute(String name) {
    return Optional.ofNullable(attributes.get(Objects.requireNonNull(name, "name")));
  }

  /** Why the model stopped ({@code stop}, {@code length}, {@code tool_calls}...). */
  public Optional<String> finishReason() {
    return attribute(FINISH_REASON);
  }

  /** The model that answered. */
  public Optional<String> model() {
    return attribute(MODEL);
  }

  /** The media type of the response's text; {@value #PLAIN_TEXT} when not set. */
  public String contentType() {
    return attributes.getOrDefault(CONTENT_TYPE, PLAIN_TEXT);
  }

  public OptionalLong promptTokens() {
    return count(PROMPT_TOKENS);
  }

  public OptionalLong completionTokens() {
    return count(COMPLETION_TOKENS);
  }

  /**
   * The length in chars of each chunk the response arrived in, in order; empty when it was not
   * streamed. Their sum is the length of the response's text.
   */
  public List<Integer> chunkLengths() {
    return chunkLengths;
  }

  public boolean isEmpty() {
    return attributes.isEmpty() && chunkLengths.isEmpty();
  }

  /** A builder holding these attributes and chunk lengths, to change some. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.attributes.putAll(attributes);
    builder.chunkLengths = chunkLengths;
    return builder;
  }

  /**
   * Checks that the chunk lengths, if any, cover exactly {@code text}.
   *
   * @throws IllegalArgumentException naming {@code argument} otherwise
   */
  void requireCovers(String text, String argument) {
    if (chunkLengths.isEmpty()) {
      return;
    }
    long sum = 0;
    for (int length : chunkLengths) {
      sum += length;
    }
    if (sum != text.length()) {
      throw new IllegalArgumentException(argument + ".chunkLengths: expected lengths summing to the "
          + "response's " + text.length() + " chars, got " + sum);
    }
  }

  /** {@code text} cut at the chunk boundaries; the whole text as one chunk if not streamed. */
  List<String> split(String text) {
    if (chunkLengths.isEmpty()) {
      return List.of(text);
    }
    List<String> chunks = new ArrayList<>(chunkLengths.size());
    int start = 0;
    for (int length : chunkLengths) {
      chunks.add(text.substring(start, start + length));
      start += length;
    }
    return List.copyOf(chunks);
  }

  private OptionalLong count(String name) {
    String value = attributes.get(name);
    return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseMetadata other && attributes.equals(other.attributes)
        && chunkLengths.equals(other.chunkLengths);
  }

  @Override
  public int hashCode() {
    return 31 * attributes.hashCode() + chunkLengths.hashCode();
  }

  @Override
  public String toString() {
    return "ResponseMetadata" + attributes
        + (chunkLengths.isEmpty() ? "" : "[" + chunkLengths.size() + " chunks]");
  }

  /** Builds {@link ResponseMetadata}; setting an attribute again replaces it. */
  public static final class Builder {
    private final TreeMap<String, String> attributes = new TreeMap<>();
    private List<Integer> chunkLengths = List.of();

    private Builder() {}

    public Builder finishReason(String finishReason) {
      return attribute(FINISH_REASON, finishReason);
    }

    public Builder model(String model) {
      return attribute(MODEL, model);
    }

    public Builder contentType(String contentType) {
      return attribute(CONTENT_TYPE, contentType);
    }

    /**
     * @throws IllegalArgumentException if a count is negative
     */
    public Builder tokenUsage(long promptTokens, long completionTokens) {
      if (promptTokens < 0 || completionTokens < 0) {
        throw new IllegalArgumentException("tokenUsage: expected counts of zero or more, got "
            + promptTokens + " and " + completionTokens);
      }
      attribute(PROMPT_TOKENS, Long.toString(promptTokens));
      return attribute(COMPLETION_TOKENS, Long.toString(completionTokens));
    }

    /**
     * Sets one attribute; the well-known names have their own setters.
     *
     * @throws IllegalArgumentException if the name is not 1 to {@value #MAX_NAME_LENGTH} chars of
     *     {@code [A-Za-z0-9_.:-]}, the value is longer than {@value #MAX_VALUE_LENGTH} chars, a
     *     token count is not a non-negative integer, or this would be attribute number {@value
     *     #MAX_ATTRIBUTES} + 1
     */
    public Builder attribute(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("attribute name: expected 1 to " + MAX_NAME_LENGTH
            + " chars of [A-Za-z0-9_.:-], got '" + abbreviate(name) + "'");
      }
      if (value.length() > MAX_VALUE_LENGTH) {
        throw new IllegalArgumentException("attribute '" + name + "': expected at most "
            + MAX_VALUE_LENGTH + " chars, got " + value.length());
      }
      if ((name.equals(PROMPT_TOKENS) || name.equals(COMPLETION_TOKENS))
          && !value.matches("[0-9]{1,18}")) {
        throw new IllegalArgumentException("attribute '" + name
            + "': expected a token count (0 or more), got '" + abbreviate(value) + "'");
      }
      if (!attributes.containsKey(name) && attributes.size() == MAX_ATTRIBUTES) {
        throw new IllegalArgumentException("attribute '" + name + "': expected at most "
            + MAX_ATTRIBUTES + " attributes");
      }
      attributes.put(name, value);
      return this;
    }

    /**
     * The length in chars of each chunk of a streamed response, in order.
     *
     * @throws IllegalArgumentException if a length is zero or negative, or there are more than
     *     {@value #MAX_CHUNKS}
     */
    public Builder chunkLengths(List<Integer> lengths) {
      Objects.requireNonNull(lengths, "lengths");
      if (lengths.size() > MAX_CHUNKS) {
        throw new IllegalArgumentException("chunkLengths: expected at most " + MAX_CHUNKS
            + " chunks, got " + lengths.size());
      }
      for (int i = 0; i < lengths.size(); i++) {
        Integer length = Objects.requireNonNull(lengths.get(i), "chunkLengths[" + i + "]");
        if (length <= 0) {
          throw new IllegalArgumentException("chunkLengths[" + i + "]: expected a positive length,"
              + " got " + length);
        }
      }
      this.chunkLengths = List.copyOf(lengths);
      return this;
    }

    public ResponseMetadata build() {
      return attributes.isEmpty() && chunkLengths.isEmpty()
          ? NONE : new ResponseMetadata(new TreeMap<>(attributes), chunkLengths);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
