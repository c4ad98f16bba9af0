package io.semcache;

import java.util.function.Consumer;

/**
 * The loader of the callback form of {@link SemanticCache#getOrLoadStream}, for code without
 * reactive types: it calls the LLM and hands each chunk to {@code chunks} as it arrives, on the
 * calling thread, and returns when the stream has ended. Throwing means the stream failed:
 * nothing is stored and the exception reaches the caller.
 *
 * <p>{@code chunks.accept} throws {@link java.util.concurrent.CancellationException} once nobody
 * reads the stream any more; let it propagate (or stop and return) so the LLM call ends.
 */
@FunctionalInterface
public interface ChunkLoader {

  void load(CacheKey key, Consumer<ResponseChunk> chunks);
}
