package io.semcache.milvus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextCodecTest {

  private static final int LIMIT = Schema.MAX_VARCHAR_BYTES;

  @Test
  void textThatFitsIsStoredAsItIs() {
    String text = "Click 'Forgot password' on the sign-in page.";
    TextCodec.Encoded encoded = TextCodec.encode(text, LIMIT).orElseThrow();
    assertThat(encoded).isEqualTo(new TextCodec.Encoded(text, TextCodec.PLAIN));
    assertThat(TextCodec.decode(encoded.value(), encoded.encoding())).isEqualTo(text);
  }

  @Test
  void theLimitCountsUtf8BytesNotCharacters() {
    String atLimit = "é".repeat(LIMIT / 2) + "a"; // 65,535 bytes in 32,768 chars
    String overLimit = "é".repeat(LIMIT / 2 + 1); // 65,536 bytes

    assertThat(TextCodec.encode(atLimit, LIMIT).orElseThrow().encoding())
        .isEqualTo(TextCodec.PLAIN);
    TextCodec.Encoded compressed = TextCodec.encode(overLimit, LIMIT).orElseThrow();
    assertThat(compressed.encoding()).isEqualTo(TextCodec.GZIP_BASE64);
    assertThat(TextCodec.decode(compressed.value(), compressed.encoding())).isEqualTo(overLimit);
  }

  @Test
  void compressibleTextOverTheLimitIsCompressedUnderIt() {
    String text = "The cache answers paraphrases of earlier prompts. ".repeat(5_000); // 250 KB
    TextCodec.Encoded encoded = TextCodec.encode(text, LIMIT).orElseThrow();

    assertThat(encoded.encoding()).isEqualTo(TextCodec.GZIP_BASE64);
    assertThat(encoded.value().length()).isLessThanOrEqualTo(LIMIT);
    assertThat(TextCodec.decode(encoded.value(), encoded.encoding())).isEqualTo(text);
  }

  @Test
  void incompressibleTextOverTheLimitDoesNotFit() {
    assertThat(TextCodec.encode(randomPrintable(70_000, 1), LIMIT)).isEmpty();
    assertThat(TextCodec.encode(randomPrintable(60_000, 2), LIMIT)).isPresent();
  }

  @Test
  void utf8LengthIsTheEncodedLength() {
    String[] samples = {"", "ascii", "naïve café", "日本語のテキスト", "emoji 😀 and 𝄞",
        "mixed é日😀a"};
    for (String sample : samples) {
      assertThat(TextCodec.utf8Length(sample)).as(sample)
          .isEqualTo(sample.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void undecodableValuesAreRejectedNamingTheProblem() {
    assertThatThrownBy(() -> TextCodec.decode("x", 7))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encoding");
    assertThatThrownBy(() -> TextCodec.decode("not base64!", TextCodec.GZIP_BASE64))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
    assertThatThrownBy(() -> TextCodec.decode("aGVsbG8=", TextCodec.GZIP_BASE64))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gzip");
  }

  static String randomPrintable(int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) random.nextInt(0x21, 0x7f));
    }
    return text.toString();
  }
}
