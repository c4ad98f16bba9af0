/**
 * A sentence embedder on DJL: {@link io.semcache.embedding.DjlSentenceEmbedder} runs
 * all-MiniLM-L6-v2 (or another mean-pooled BERT-family sentence-transformers model) on the PyTorch
 * engine by default, or on OnnxRuntime, configured by an immutable
 * {@link io.semcache.embedding.DjlEmbedderConfig}.
 */
@NullMarked
package io.semcache.embedding;

import org.jspecify.annotations.NullMarked;
