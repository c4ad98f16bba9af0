package io.semcache.tools;

import io.semcache.embedding.DjlEmbedderConfig;
import io.semcache.embedding.DjlSentenceEmbedder;
import io.semcache.embedding.EmbeddingEngine;

/** The real all-MiniLM-L6-v2, from the ONNX export bundled on the classpath, for tool tests. */
final class BundledModel {

  private BundledModel() {}

  /** A new embedder over the bundled model, DJL offline; the caller closes it. */
  static DjlSentenceEmbedder embedder() {
    System.setProperty("ai.djl.offline", "true");
    return DjlSentenceEmbedder.create(DjlEmbedderConfig.builder()
        .engine(EmbeddingEngine.ONNX_RUNTIME).bundledOnnxModel().build());
  }
}
