package io.semcache.milvus.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Prints the largest prefix of each given text that fits a 65,535-byte VarChar with the backend's
 * encoding (plain, else gzip+base64): the figures in the README's "Large responses" section.
 *
 * <pre>{@code
 * java -cp cache-milvus/target/classes:cache-milvus/target/test-classes \
 *     io.semcache.milvus.internal.TextCapacity english.txt data.json
 * }</pre>
 *
 * Random base64 and random CJK text are always measured too.
 */
public final class TextCapacity {

  private TextCapacity() {}

  public static void main(String[] files) throws IOException {
    for (String file : files) {
      report(file, Files.readString(Path.of(file), StandardCharsets.UTF_8));
    }
    byte[] random = new byte[300_000];
    new SplittableRandom(1).nextBytes(random);
    report("random bytes, base64", Base64.getEncoder().encodeToString(random));
    StringBuilder cjk = new StringBuilder();
    SplittableRandom chars = new SplittableRandom(2);
    for (int i = 0; i < 100_000; i++) {
      cjk.append((char) (0x4E00 + chars.nextInt(3_000)));
    }
    report("random CJK characters", cjk.toString());
  }

  private static void report(String name, String text) {
    int fits = 0;
    int tooLarge = text.length() + 1;
    while (tooLarge - fits > 1) { // compressed size grows with length, near enough monotonically
      int middle = (fits + tooLarge) >>> 1;
      if (TextCodec.encode(text.substring(0, middle), Schema.MAX_VARCHAR_BYTES).isPresent()) {
        fits = middle;
      } else {
        tooLarge = middle;
      }
    }
    String largest = text.substring(0, fits);
    System.out.printf("%-40s %,9d chars = %,9d UTF-8 bytes fit (%s)%s%n", name, fits,
        TextCodec.utf8Length(largest),
        TextCodec.encode(largest, Schema.MAX_VARCHAR_BYTES).orElseThrow().encoding()
            == TextCodec.PLAIN ? "plain" : "gzip+base64",
        fits == text.length() ? "; the whole text fits, give a longer one" : "");
  }
}
