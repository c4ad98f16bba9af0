package io.semcache;

import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The entries of a cache in bulk: export them, import them into this or another cache (of any
 * backend), warm a cache with prompt/response pairs. The file format and the command-line tool
 * are in {@code io.semcache.transfer} and {@code scripts/cache-transfer.sh}.
 *
 * <p>Not fail-open: these are operations of an operator, not of a request path, so a failing
 * backend is reported (an exception for an export, {@link ImportReport#failure()} for an import)
 * rather than hidden. Both may run while the cache serves requests.
 */
public interface CacheEntries {

  /**
   * Hands every live entry to {@code sink}, in id order, a page at a time (memory bounded by the
   * page size). Entries stored or removed while the export runs may or may not be included.
   *
   * @throws UnsupportedOperationException if the backend cannot list its entries
   * @throws CacheUnavailableException if the backend fails; the entries handed out so far are
   *     complete, and an import of them is as good as any
   * @throws RuntimeException whatever {@code sink} throws, which stops the export
   */
  ExportReport exportTo(Consumer<? super TransferEntry> sink, ExportOptions options);

  /**
   * Stores the entries of {@code source}, in rounds of {@link ImportOptions#parallelism()} batches
   * of {@link ImportOptions#batchSize()} entries: the prompts of a batch without a reusable vector
   * are embedded in one {@link Embedder#embedAll} call, the batches of a round on as many threads,
   * and a checkpoint is reported after each round ({@link ImportOptions#progress()}).
   *
   * <p>Each entry keeps its creation time and absolute expiry; an entry that has expired is
   * skipped. Each goes through the cache's {@link WritePolicy}, as a {@link StoreRequest} with the
   * remaining time to live, before it is stored. An exported vector is reused when its model id
   * and dimension are this cache's embedder's.
   *
   * @return the counts; when the backend or the embedder fails the import stops at that round and
   *     the report says why, and where to resume
   * @throws IncompatibleEmbedderException if an entry's vector comes from another model or has
   *     another dimension and {@link ImportOptions#reEmbed()} is off; the message names both
   *     models. Nothing of that entry's round is stored
   * @throws RuntimeException whatever {@code source} or the progress listener throws, which stops
   *     the import
   */
  ImportReport importFrom(Iterator<? extends TransferEntry> source, ImportOptions options);
}
