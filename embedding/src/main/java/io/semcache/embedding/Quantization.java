package io.semcache.embedding;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which export of a PyTorch model directory an embedder runs. {@code scripts/provision-model.sh}
 * writes both; a directory of your own needs the file of the quantization you ask for.
 */
public enum Quantization {
  /**
   * {@code model.pt}, the default. The provisioned one keeps its linear layers' weights in float16
   * and computes in float32: about half the time of the float32 trace, its vectors within 1e-6 of
   * its cosine, and the same outcome on every labelled set (the embedding README has the figures).
   */
  NONE(""),
  /**
   * {@code model-int8.pt}: dynamic int8 quantization (int8 weights per output channel, activations
   * quantized per call; each block's feed-forward output keeps float16 weights). Faster again, but
   * with a measured loss: its vectors are not the default's, so the model id carries {@code int8}
   * and a cache never mixes the two, and fewer paraphrases reach the threshold (see the embedding
   * README before choosing it).
   */
  INT8("-int8");

  private final String fileSuffix;

  Quantization(String fileSuffix) {
    this.fileSuffix = fileSuffix;
  }

  /** The name used in YAML and in model ids: {@code none} or {@code int8}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The quantization of that {@linkplain #id() id}, if any. */
  public static Optional<Quantization> byId(String id) {
    return Arrays.stream(values()).filter(q -> q.id().equals(id)).findFirst();
  }

  /**
   * The quantization of that id.
   *
   * @param option the argument or key being read, named in the error
   * @throws IllegalArgumentException naming {@code option} and the ids, when there is none
   */
  public static Quantization of(String option, String id) {
    return byId(id).orElseThrow(() -> new IllegalArgumentException(option + ": expected one of "
        + Arrays.stream(values()).map(Quantization::id).toList() + ", got '" + id + "'"));
  }

  /** What the model file's name carries before its extension: {@code model-int8.pt}. */
  String fileSuffix() {
    return fileSuffix;
  }
}
