package io.semcache;

import java.util.List;

/**
 * Turns text into L2-normalised vectors. The cache calls an embedder at most once per prompt on
 * the lookup-then-store path, and never for an exact-text repeat.
 *
 * <p>Implementations must be thread-safe. Vectors must be L2-normalised so that the inner product
 * equals cosine similarity; {@link Embedding#of} normalises defensively.
 */
public interface Embedder extends AutoCloseable {

  /**
   * Embeds one text.
   *
   * @throws IllegalArgumentException if {@code text} is empty or blank
   * @throws EmbeddingException if the model fails
   */
  Embedding embed(String text);

  /**
   * Embeds many texts, in one forward pass where the implementation can. The result has the same
   * order and size as {@code texts}.
   *
   * @throws IllegalArgumentException if any text is empty or blank (the message gives its index)
   * @throws EmbeddingException if the model fails
   */
  List<Embedding> embedAll(List<String> texts);

  /** Length of every vector this embedder returns. */
  int dimension();

  /**
   * Identifies the model and everything that changes its vectors (weights, pooling, truncation
   * window), e.g. {@code sentence-transformers/all-MiniLM-L6-v2}. Entries store it; a cache refuses
   * an embedder whose model id differs from the one its entries were written with.
   */
  String modelId();

  /** Releases native resources. The default does nothing. */
  @Override
  default void close() {}
}
