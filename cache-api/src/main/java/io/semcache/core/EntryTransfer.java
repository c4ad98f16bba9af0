package io.semcache.core;

import io.semcache.CacheEntries;
import io.semcache.CacheKey;
import io.semcache.CacheUnavailableException;
import io.semcache.Embedding;
import io.semcache.EmbeddingException;
import io.semcache.EntryId;
import io.semcache.ExportOptions;
import io.semcache.ExportReport;
import io.semcache.ImportOptions;
import io.semcache.ImportProgress;
import io.semcache.ImportReport;
import io.semcache.IncompatibleEmbedderException;
import io.semcache.SemanticCache;
import io.semcache.StoreOutcome;
import io.semcache.StoreRequest;
import io.semcache.TransferEntry;
import io.semcache.spi.EntryRefusedException;
import io.semcache.spi.EntryStore;
import io.semcache.spi.StoredEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export and import of a cache's entries ({@link CacheEntries}). An import applies what a put
 * applies (blank prompts refused, the write policy, the store's refusals) but keeps each entry's
 * own times, and embeds prompts a batch at a time on threads of its own, created for the import
 * and stopped at its end: the cache's executor serves requests and is not ours to fill.
 */
final class EntryTransfer implements CacheEntries {

  private static final Logger log = LoggerFactory.getLogger(SemanticCache.class);
  private static final AtomicInteger IMPORTS = new AtomicInteger();

  private final CoreSemanticCache cache;
  private final CacheSettings settings;
  private final EntryStore store;
  private final CacheMetrics metrics;
  private final String modelId;
  private final int dimension;

  EntryTransfer(CoreSemanticCache cache, CacheSettings settings, EntryStore store,
      CacheMetrics metrics, String modelId, int dimension) {
    this.cache = cache;
    this.settings = settings;
    this.store = store;
    this.metrics = metrics;
    this.modelId = modelId;
    this.dimension = dimension;
  }

  // ---------------------------------------------------------------- export

  @Override
  public ExportReport exportTo(Consumer<? super TransferEntry> sink, ExportOptions options) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(options, "options");
    cache.ensureOpen();
    long start = System.nanoTime();
    long exported = 0;
    long withVectors = 0;
    @Nullable EntryId after = null;
    while (true) {
      List<StoredEntry> page;
      long now = settings.clock().millis();
      try {
        page = store.scan(after, options.pageSize(), now);
      } catch (UnsupportedOperationException e) {
        throw e;
      } catch (RuntimeException e) {
        metrics.error("backend", "export");
        throw new CacheUnavailableException(store.backendName() + " export failed after "
            + exported + " entries: " + e.getMessage(), e);
      }
      for (StoredEntry entry : page) {
        if (after != null && entry.id().compareTo(after) <= 0) {
          throw new IllegalStateException("the " + store.backendName() + " store returned entry "
              + entry.id() + " after " + after + ": EntryStore.scan must return ascending ids");
        }
        after = entry.id();
        if (!entry.isLiveAt(now) || !entry.modelId().equals(modelId)) {
          continue;
        }
        TransferEntry exportedEntry = toTransfer(entry, options.vectors());
        sink.accept(exportedEntry);
        exported++;
        if (exportedEntry.embedding() != null) {
          withVectors++;
        }
        metrics.transfer("export", "exported");
      }
      if (page.size() < options.pageSize()) {
        return new ExportReport(exported, withVectors, Duration.ofNanos(System.nanoTime() - start));
      }
    }
  }

  private TransferEntry toTransfer(StoredEntry entry, boolean withVector) {
    float @Nullable [] vector = entry.vector();
    Embedding embedding = withVector && entry.isSemanticallySearchable() && vector != null
        ? Embedding.of(entry.modelId(), vector) : null;
    return new TransferEntry(CacheKey.of(entry.partition(), entry.prompt()), entry.response(),
        entry.metadata(), entry.tags(), Instant.ofEpochMilli(entry.createdAtMillis()),
        Instant.ofEpochMilli(entry.expiresAtMillis()), embedding);
  }

  // ---------------------------------------------------------------- import

  /** An entry of the source with its 1-based position. */
  private record Numbered(long position, TransferEntry entry) {}

  /** What one batch did; {@code failure} set when the backend or embedder failed. */
  private static final class BatchResult {
    long stored;
    long embedded;
    long expired;
    long refused;
    final List<String> refusals = new ArrayList<>();
    @Nullable String failure;
  }

  @Override
  public ImportReport importFrom(Iterator<? extends TransferEntry> source, ImportOptions options) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(options, "options");
    cache.ensureOpen();
    long start = System.nanoTime();
    long position = 0;
    while (position < options.resumeAfter() && source.hasNext()) {
      source.next();
      position++;
    }
    long resumed = position;
    if (resumed > 0) {
      metrics.transfer("import", "resumed", resumed);
    }
    long read = 0;
    long stored = 0;
    long embedded = 0;
    long expired = 0;
    long refused = 0;
    List<String> refusals = new ArrayList<>();
    @Nullable String failure = null;
    ImportProgress progress = new ImportProgress(position, 0, 0, 0, 0);
    int importNumber = IMPORTS.incrementAndGet();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(options.parallelism(), task -> {
      Thread thread = new Thread(task, "semcache-import-" + importNumber + "-"
          + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      int roundSize = Math.multiplyExact(options.batchSize(), options.parallelism());
      while (failure == null && source.hasNext()) {
        List<Numbered> round = new ArrayList<>(roundSize);
        while (round.size() < roundSize && source.hasNext()) {
          round.add(new Numbered(++position, Objects.requireNonNull(source.next(), "entry")));
        }
        read += round.size();
        List<Numbered> prepared = requireCompatibleVectors(round, options.reEmbed());
        List<Future<BatchResult>> batches = new ArrayList<>();
        for (int from = 0; from < prepared.size(); from += options.batchSize()) {
          List<Numbered> batch =
              prepared.subList(from, Math.min(prepared.size(), from + options.batchSize()));
          batches.add(workers.submit(() -> importBatch(batch)));
        }
        for (Future<BatchResult> future : batches) {
          BatchResult result = await(future);
          stored += result.stored;
          embedded += result.embedded;
          expired += result.expired;
          refused += result.refused;
          for (String refusal : result.refusals) {
            if (refusals.size() < ImportReport.MAX_REFUSALS) {
              refusals.add(refusal);
            }
          }
          if (failure == null && result.failure != null) {
            failure = result.failure;
          }
        }
        if (failure == null) {
          progress = new ImportProgress(position, stored, embedded, expired, refused);
          options.progress().onProgress(progress);
        }
      }
    } finally {
      workers.shutdownNow();
    }
    if (failure != null) {
      failure = failure + "; every entry up to position " + progress.position()
          + " was handled: resume after it";
      progress = new ImportProgress(progress.position(), stored, embedded, expired, refused);
    }
    return new ImportReport(resumed, progress, read, refusals, failure,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The round with foreign vectors dropped (re-embedding) or refused, before anything of it is
   * stored.
   */
  private List<Numbered> requireCompatibleVectors(List<Numbered> round, boolean reEmbed) {
    List<Numbered> prepared = new ArrayList<>(round.size());
    for (Numbered numbered : round) {
      Embedding embedding = numbered.entry().embedding();
      if (embedding == null || isCompatible(embedding)) {
        prepared.add(numbered);
      } else if (reEmbed) {
        prepared.add(new Numbered(numbered.position(), numbered.entry().withoutEmbedding()));
      } else {
        metrics.transfer("import", "incompatible");
        throw new IncompatibleEmbedderException("entry " + numbered.position()
            + ": its vector is of model '" + embedding.modelId() + "' with dimension "
            + embedding.dimension() + ", this cache embeds with '" + modelId + "' with dimension "
            + dimension + "; import with re-embedding (ImportOptions.reEmbedForeignVectors(),"
            + " --re-embed) to embed the prompts again. Nothing of entries "
            + round.get(0).position() + " to " + round.get(round.size() - 1).position()
            + " was stored");
      }
    }
    return prepared;
  }

  private boolean isCompatible(Embedding embedding) {
    return embedding.modelId().equals(modelId) && embedding.dimension() == dimension;
  }

  private BatchResult importBatch(List<Numbered> batch) {
    BatchResult result = new BatchResult();
    long now = settings.clock().millis();
    List<Candidate> accepted = new ArrayList<>(batch.size());
    for (Numbered numbered : batch) {
      TransferEntry entry = numbered.entry();
      long createdAt = entry.createdAt() != null ? entry.createdAt().toEpochMilli() : now;
      long expiresAt = entry.expiresAt() != null ? entry.expiresAt().toEpochMilli()
          : CoreSemanticCache.expiryOf(Math.max(now, createdAt), settings.defaultTtl());
      if (expiresAt <= now) {
        result.expired++;
        metrics.transfer("import", "expired");
        continue;
      }
      if (entry.key().isBlank()) {
        refused(result, numbered, StoreOutcome.REFUSED_BLANK_PROMPT,
            "prompt: blank prompts are never cached");
        continue;
      }
      Optional<String> refusal = veto(entry, now, expiresAt);
      if (refusal.isPresent()) {
        refused(result, numbered, StoreOutcome.REFUSED_BY_POLICY, refusal.get());
        continue;
      }
      accepted.add(new Candidate(numbered, createdAt, expiresAt));
    }
    List<Candidate> toEmbed = accepted.stream()
        .filter(candidate -> candidate.numbered.entry().embedding() == null).toList();
    if (!toEmbed.isEmpty()) {
      List<Embedding> embeddings;
      try {
        embeddings = embedAll(toEmbed);
      } catch (RuntimeException e) {
        metrics.error("embedding", "import");
        metrics.transfer("import", "failed", toEmbed.size());
        log.warn("semcache '{}': embedding for an import failed", settings.name(), e);
        result.failure = "embedding entries " + toEmbed.get(0).numbered.position() + " to "
            + toEmbed.get(toEmbed.size() - 1).numbered.position() + " failed: " + e;
        return result;
      }
      for (int i = 0; i < toEmbed.size(); i++) {
        toEmbed.get(i).embedding = embeddings.get(i);
      }
    }
    List<Candidate> writing = new ArrayList<>(accepted.size());
    List<StoredEntry> rows = new ArrayList<>(accepted.size());
    for (Candidate candidate : accepted) {
      TransferEntry entry = candidate.numbered.entry();
      Embedding embedding = candidate.embedding != null ? candidate.embedding
          : Objects.requireNonNull(entry.embedding());
      boolean searchable = embedding.isComparable();
      StoredEntry stored = new StoredEntry(EntryId.of(entry.key()), entry.key().partition(),
          entry.key().prompt(), entry.response(), entry.metadata(),
          searchable ? embedding.toArray() : null, searchable, modelId,
          Math.min(candidate.createdAt, candidate.expiresAt - 1), candidate.expiresAt,
          entry.tags());
      if (stored.hasMetadataOrTags() && !store.supportsTags()) {
        refused(result, candidate.numbered, StoreOutcome.REFUSED_UNSUPPORTED, "the "
            + store.backendName() + " backend cannot keep response metadata or tags here");
        continue;
      }
      writing.add(candidate);
      rows.add(stored);
    }
    if (rows.isEmpty()) {
      return result;
    }
    List<@Nullable EntryRefusedException> outcomes;
    try {
      outcomes = store.upsertAll(rows);
    } catch (RuntimeException e) {
      metrics.error("backend", "import");
      metrics.transfer("import", "failed", rows.size());
      log.warn("semcache '{}': {} store of imported entries failed", settings.name(),
          store.backendName(), e);
      result.failure = "the " + store.backendName() + " backend failed storing entries "
          + writing.get(0).numbered.position() + " to "
          + writing.get(writing.size() - 1).numbered.position() + ": " + e;
      return result;
    }
    if (outcomes.size() != rows.size()) {
      throw new IllegalStateException("the " + store.backendName() + " store answered "
          + outcomes.size() + " outcomes for " + rows.size() + " entries");
    }
    for (int i = 0; i < writing.size(); i++) {
      Candidate candidate = writing.get(i);
      EntryRefusedException refusal = outcomes.get(i);
      if (refusal != null) {
        refused(result, candidate.numbered, refusal.outcome(), refusal.getMessage());
        continue;
      }
      result.stored++;
      if (candidate.embedding != null) {
        result.embedded++;
      }
      metrics.transfer("import", "stored");
    }
    return result;
  }

  /** An entry that passed the checks, with its times and, once embedded, its embedding. */
  private static final class Candidate {
    final Numbered numbered;
    final long createdAt;
    final long expiresAt;
    @Nullable Embedding embedding;

    Candidate(Numbered numbered, long createdAt, long expiresAt) {
      this.numbered = numbered;
      this.createdAt = createdAt;
      this.expiresAt = expiresAt;
    }
  }

  /** The write policy's veto of a put of this entry with its remaining time to live. */
  private Optional<String> veto(TransferEntry entry, long now, long expiresAt) {
    StoreRequest.Builder request = StoreRequest.builder(entry.key(), entry.response())
        .metadata(entry.metadata()).tags(entry.tags())
        .ttl(Duration.ofMillis(expiresAt - now));
    if (entry.embedding() != null) {
      request.embedding(entry.embedding());
    }
    try {
      return Objects.requireNonNull(settings.writePolicy().veto(request.build()),
          "the policy's veto");
    } catch (RuntimeException e) {
      metrics.error("policy", "import");
      log.warn("semcache '{}': the write policy failed on an imported entry; it was refused",
          settings.name(), e);
      return Optional.of("the write policy failed: " + e);
    }
  }

  private void refused(BatchResult result, Numbered numbered, StoreOutcome outcome,
      String detail) {
    result.refused++;
    if (result.refusals.size() < ImportReport.MAX_REFUSALS) {
      result.refusals.add("entry " + numbered.position() + ": " + outcome + ": " + detail);
    }
    metrics.transfer("import", "refused");
  }

  /** The batch's prompts embedded in one call, checked like every embedding of the cache. */
  private List<Embedding> embedAll(List<Candidate> candidates) {
    List<String> prompts = candidates.stream().map(c -> c.numbered.entry().key().prompt()).toList();
    List<Embedding> embeddings = settings.embedder().embedAll(prompts);
    if (embeddings.size() != prompts.size()) {
      throw new EmbeddingException("the embedder returned " + embeddings.size()
          + " embeddings for " + prompts.size() + " texts");
    }
    for (Embedding embedding : embeddings) {
      if (!isCompatible(embedding)) {
        throw new EmbeddingException("the embedder returned a vector of model '"
            + embedding.modelId() + "' with dimension " + embedding.dimension() + ", expected '"
            + modelId + "' with dimension " + dimension);
      }
    }
    return embeddings;
  }

  private static BatchResult await(Future<BatchResult> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheUnavailableException("the import was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }
}
