/**
 * A sentence embedder on DJL: {@link io.semcache.embedding.DjlSentenceEmbedder} runs
 * all-MiniLM-L6-v2 (or another BERT-family sentence embedder, mean- or CLS-pooled, with an optional
 * input prefix) on the PyTorch engine by default, or on OnnxRuntime, configured by an immutable
 * {@link io.semcache.embedding.DjlEmbedderConfig}. {@link io.semcache.embedding.BundledModel} names
 * the ONNX exports that Maven artifacts ship.
 */
@NullMarked
package io.semcache.embedding;

import org.jspecify.annotations.NullMarked;
