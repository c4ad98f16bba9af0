package io.semcache.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semcache.CacheKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatKeysTest {

  private final ChatKeys keys = ChatKeys.defaults();

  private CacheKey key(String json) {
    ChatKey result = keys.keyOf("acme", json);
    assertThat(result).isInstanceOf(ChatKey.Cacheable.class);
    return ((ChatKey.Cacheable) result).key();
  }

  private ChatKey.Reason notCacheable(ChatKeys with, String json) {
    ChatKey result = with.keyOf("acme", json);
    assertThat(result).isInstanceOf(ChatKey.NotCacheable.class);
    return ((ChatKey.NotCacheable) result).reason();
  }

  @Test
  void theLastUserMessageIsTheComparedTextAndTheModelThePartitionsModel() {
    CacheKey key = key("""
        {"model": "gpt-4o", "messages": [
          {"role": "system", "content": "You are terse."},
          {"role": "user", "content": "How do I reset my password?"}]}""");

    assertThat(key.prompt()).isEqualTo("How do I reset my password?");
    assertThat(key.partition().tenant()).isEqualTo("acme");
    assertThat(key.partition().model()).isEqualTo("gpt-4o");
  }

  @Test
  void keyOrderWhitespaceAndNumberFormattingNeverSplitAPartition() {
    CacheKey compact = key("{\"model\":\"m\",\"temperature\":0.7,\"top_p\":1,\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi there\"}],\"response_format\":{\"type\":\"json_object\"}}");
    CacheKey spread = key("""
        {
          "response_format" : { "type" : "json_object" },
          "messages" : [ { "content" : "hi there", "role" : "user" } ],
          "top_p" : 1.0,
          "temperature" : 7e-1,
          "model" : "m"
        }""");
    CacheKey fromMap = ((ChatKey.Cacheable) keys.keyOf("acme", Map.of(
        "model", "m", "temperature", 0.70, "top_p", 1L,
        "response_format", Map.of("type", "json_object"),
        "messages", List.of(Map.of("role", "user", "content", "hi there"))))).key();

    assertThat(spread).isEqualTo(compact);
    assertThat(fromMap).isEqualTo(compact);
  }

  @Test
  void everythingThatChangesTheAnswerSplitsThePartitionAndTheTextStaysTheSame() {
    String base = """
        {"model": "m", "temperature": 0, "messages": [
          {"role": "system", "content": "S"},
          {"role": "user", "content": "Q"}]}""";
    List<String> variants = List.of(
        base.replace("\"S\"", "\"another system prompt\""),
        base.replace("\"temperature\": 0", "\"temperature\": 0.2"),
        base.replace("\"temperature\": 0", "\"temperature\": 0, \"seed\": 7"),
        base.replace("\"temperature\": 0", "\"temperature\": 0, \"tools\": [{\"type\": \"function\","
            + " \"function\": {\"name\": \"get_weather\"}}]"),
        base.replace("\"temperature\": 0", "\"temperature\": 0, \"response_format\":"
            + " {\"type\": \"json_object\"}"),
        base.replace("{\"role\": \"system\", \"content\": \"S\"},",
            "{\"role\": \"system\", \"content\": \"S\"}, {\"role\": \"user\", \"content\": \"earlier\"},"
                + " {\"role\": \"assistant\", \"content\": \"reply\"},"));
    CacheKey original = key(base);

    for (String variant : variants) {
      CacheKey other = key(variant);
      assertThat(other.prompt()).isEqualTo("Q");
      assertThat(other.partition()).as(variant).isNotEqualTo(original.partition());
    }
  }

  @Test
  void transportFieldsAndDefaultsLeaveThePartitionAlone() {
    CacheKey plain = key("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}");
    CacheKey streamed = key("{\"model\": \"m\", \"stream\": true, \"stream_options\":"
        + " {\"include_usage\": true}, \"user\": \"u-1\", \"metadata\": {\"trace\": \"x\"},"
        + " \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}");
    CacheKey defaults = key("{\"model\": \"m\", \"temperature\": 1, \"n\": 1,"
        + " \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}");
    ChatKeys ignoringTrace = ChatKeys.builder().ignoredField("x_trace_id").build();
    String traced = "{\"model\": \"m\", \"x_trace_id\": \"abc\","
        + " \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}";

    assertThat(streamed).isEqualTo(plain);
    assertThat(defaults).isEqualTo(plain);
    assertThat(((ChatKey.Cacheable) ignoringTrace.keyOf("acme", traced)).key()).isEqualTo(plain);
    assertThat(key(traced)).as("unknown fields split, by default").isNotEqualTo(plain);
  }

  @Test
  void listFormContentIsJoinedTextAndOtherPartsAreNotCacheable() {
    CacheKey parts = key("""
        {"model": "m", "messages": [{"role": "user", "content": [
          {"type": "text", "text": "What is"}, {"type": "text", "text": "the capital of France?"}]}]}""");

    assertThat(parts.prompt()).isEqualTo("What is\nthe capital of France?");
    assertThat(notCacheable(keys, """
        {"model": "m", "messages": [{"role": "user", "content": [
          {"type": "text", "text": "What is in this picture?"},
          {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}]}]}"""))
        .isEqualTo(ChatKey.Reason.NON_TEXT_CONTENT);
  }

  @Test
  void requestsThatMustNotBeCachedSayWhy() {
    assertThat(notCacheable(keys, """
        {"model": "m", "messages": [{"role": "user", "content": "weather?"},
          {"role": "assistant", "tool_calls": [{"id": "1"}]},
          {"role": "tool", "tool_call_id": "1", "content": "12 C"}]}"""))
        .isEqualTo(ChatKey.Reason.LAST_MESSAGE_NOT_FROM_USER);
    assertThat(notCacheable(keys, """
        {"model": "m", "messages": [{"role": "user", "content": "Q"},
          {"role": "assistant", "content": "Prefill"}]}"""))
        .isEqualTo(ChatKey.Reason.LAST_MESSAGE_NOT_FROM_USER);
    assertThat(notCacheable(keys, "{\"model\": \"m\", \"messages\": [{\"role\": \"system\","
        + " \"content\": \"S\"}, {\"role\": \"user\", \"content\": \"  \\n \"}]}"))
        .isEqualTo(ChatKey.Reason.EMPTY_USER_TEXT);
    assertThat(notCacheable(keys, "{\"model\": \"m\", \"n\": 3, \"messages\": [{\"role\":"
        + " \"user\", \"content\": \"Q\"}]}")).isEqualTo(ChatKey.Reason.MULTIPLE_CHOICES);
    assertThat(notCacheable(keys, "{\"model\": \"m\", \"temperature\": 1.5, \"messages\":"
        + " [{\"role\": \"user\", \"content\": \"Q\"}]}"))
        .isEqualTo(ChatKey.Reason.TEMPERATURE_ABOVE_LIMIT);
    ChatKeys greedyOnly = ChatKeys.builder().maxTemperature(0).build();
    assertThat(notCacheable(greedyOnly, "{\"model\": \"m\", \"messages\": [{\"role\": \"user\","
        + " \"content\": \"Q\"}]}")).as("absent means 1.0")
        .isEqualTo(ChatKey.Reason.TEMPERATURE_ABOVE_LIMIT);
    assertThat(greedyOnly.keyOf("acme", "{\"model\": \"m\", \"temperature\": 0.0, \"messages\":"
        + " [{\"role\": \"user\", \"content\": \"Q\"}]}").isCacheable()).isTrue();
  }

  @Test
  void malformedRequestsNameTheField() {
    assertThatThrownBy(() -> keys.keyOf("acme", "{\"messages\": []}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("request.model:");
    assertThatThrownBy(() -> keys.keyOf("acme", "{\"model\": \"m\", \"messages\": {}}"))
        .hasMessageStartingWith("request.messages: expected a list");
    assertThatThrownBy(() -> keys.keyOf("acme", "{\"model\": \"m\", \"messages\": []}"))
        .hasMessageContaining("at least one message");
    assertThatThrownBy(() -> keys.keyOf("acme", "{\"model\": \"m\", \"messages\":"
        + " [{\"content\": \"S\"}, {\"role\": \"user\", \"content\": \"Q\"}]}"))
        .hasMessageStartingWith("request.messages[0].role:");
    assertThatThrownBy(() -> keys.keyOf("acme", "{\"model\": \"m\", \"messages\":"
        + " [{\"role\": \"user\", \"content\": 42}]}"))
        .hasMessageStartingWith("request.messages[0].content: expected a string or a list");
    assertThatThrownBy(() -> keys.keyOf("acme", "{\"model\": \"m\", \"temperature\": \"hot\","
        + " \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}]}"))
        .hasMessageStartingWith("request.temperature: expected a number");
    assertThatThrownBy(() -> keys.keyOf("acme", "[1, 2]"))
        .hasMessageStartingWith("request: expected a JSON object");
  }

  @Test
  void badJsonIsRefusedWithTheOffsetInBoundedDepth() {
    assertThatThrownBy(() -> keys.keyOf("acme", "{\"model\": \"m\",}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("json: expected a string key at offset 14, found '}'");
    assertThatThrownBy(() -> keys.keyOf("acme", "{\"model\": \"m\", \"model\": \"n\"}"))
        .hasMessageContaining("no duplicate key \"model\"");
    assertThatThrownBy(() -> keys.keyOf("acme", "[".repeat(100_000)))
        .hasMessageContaining("nested deeper than 64 levels");
    assertThatThrownBy(() -> keys.keyOf("acme", "{\"model\": \"m\"} trailing"))
        .hasMessageContaining("expected the end of the document");
    assertThatThrownBy(() -> keys.keyOf("acme", "{\"t\": 1e99999999999}"))
        .hasMessageContaining("offset 6");
  }

  @Test
  void optionsAreCheckedWhenSet() {
    assertThatThrownBy(() -> ChatKeys.builder().maxTemperature(-0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxTemperature:");
    assertThatThrownBy(() -> ChatKeys.builder().maxTemperature(0.5).maxTemperature(0.6))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ChatKeys.builder().ignoredField("temperature"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ignoredField:");
  }
}
