package io.semcache.tools;

import io.semcache.Embedding;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Saves the evaluation's vectors between runs, keyed by the model id and the exact texts, so a
 * calibration session embeds tens of thousands of texts once. Each vector keeps the flags that
 * decide whether it may be compared at all (truncated, unknown tokens); "v2" in the file name
 * marks that layout, so files of the earlier layout are not misread.
 */
final class EmbeddingStore {

  private EmbeddingStore() {}

  static String fileName(String modelId, List<String> texts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(modelId.getBytes(StandardCharsets.UTF_8));
      for (String text : texts) {
        digest.update((byte) 0);
        digest.update(text.getBytes(StandardCharsets.UTF_8));
      }
      return "embeddings-v2-" + HexFormat.of().formatHex(digest.digest(), 0, 12) + ".bin";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The saved vectors, or null when the file is absent or was made for other texts. */
  static @Nullable Map<String, Embedding> read(Path file, String modelId, List<String> texts) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
        Files.newInputStream(file), 1 << 16))) {
      if (!in.readUTF().equals(modelId) || in.readInt() != texts.size()) {
        return null;
      }
      int dimension = in.readInt();
      Map<String, Embedding> embeddings = new HashMap<>(texts.size() * 2);
      for (String text : texts) {
        boolean truncated = in.readBoolean();
        int unknownTokens = in.readInt();
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
          vector[i] = in.readFloat();
        }
        embeddings.put(text, Embedding.of(modelId, vector, truncated, -1, unknownTokens));
      }
      return embeddings;
    } catch (IOException e) {
      return null; // unreadable: embed again
    }
  }

  static void write(Path file, List<String> texts, Map<String, Embedding> embeddings) {
    try {
      Files.createDirectories(file.getParent());
      try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
          Files.newOutputStream(file), 1 << 16))) {
        Embedding first = embeddings.get(texts.get(0));
        out.writeUTF(first.modelId());
        out.writeInt(texts.size());
        out.writeInt(first.dimension());
        for (String text : texts) {
          Embedding e = embeddings.get(text);
          out.writeBoolean(e.truncated());
          out.writeInt(e.unknownTokenCount());
          for (int i = 0; i < e.dimension(); i++) {
            out.writeFloat(e.component(i));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save vectors to " + file, e);
    }
  }
}
