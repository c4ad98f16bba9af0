package io.semcache.core;

import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.StoreOutcome;
import io.semcache.spi.EntryStore;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoreContext;
import io.semcache.spi.StoredEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A brute-force store for testing the cache core's error paths: it can be told to fail every call
 * or to refuse writes. Real backends are tested with the contract suite, never with this.
 */
final class ScriptedEntryStore implements EntryStore {

  private final Map<EntryId, StoredEntry> entries = new ConcurrentHashMap<>();
  final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  final AtomicReference<StoreOutcome> writeOutcome = new AtomicReference<>(StoreOutcome.STORED);
  volatile boolean closed;

  @Override
  public String backendName() {
    return "scripted";
  }

  @Override
  public void open(StoreContext context) {
    failIfTold();
  }

  @Override
  public Optional<StoredEntry> get(EntryId id, long nowMillis) {
    failIfTold();
    return Optional.ofNullable(entries.get(id)).filter(e -> e.isLiveAt(nowMillis));
  }

  @Override
  public List<ScoredEntry> search(Partition partition, float[] query, int limit, long nowMillis) {
    failIfTold();
    List<ScoredEntry> scored = new ArrayList<>();
    for (StoredEntry entry : entries.values()) {
      if (entry.partition().equals(partition) && entry.vector() != null) {
        double dot = 0;
        for (int i = 0; i < query.length; i++) {
          dot += query[i] * entry.vector()[i];
        }
        scored.add(new ScoredEntry(entry, dot));
      }
    }
    scored.sort(Comparator.comparingDouble(ScoredEntry::similarity).reversed());
    return scored.subList(0, Math.min(limit, scored.size()));
  }

  @Override
  public StoreOutcome upsert(StoredEntry entry) {
    failIfTold();
    StoreOutcome outcome = writeOutcome.get();
    if (outcome == StoreOutcome.STORED) {
      entries.put(entry.id(), entry);
    }
    return outcome;
  }

  @Override
  public boolean delete(EntryId id) {
    failIfTold();
    return entries.remove(id) != null;
  }

  @Override
  public void deletePartition(Partition partition) {
    failIfTold();
    entries.values().removeIf(e -> e.partition().equals(partition));
  }

  @Override
  public void deleteAll() {
    failIfTold();
    entries.clear();
  }

  /** Whether this store claims to keep tags; false by default, like a store written before them. */
  final java.util.concurrent.atomic.AtomicBoolean tags = new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public boolean supportsTags() {
    return tags.get();
  }

  @Override
  public long countTagged(String tag, long nowMillis) {
    failIfTold();
    return entries.values().stream().filter(e -> e.tags().contains(tag)).count();
  }

  @Override
  public long deleteTagged(String tag, long nowMillis) {
    failIfTold();
    long before = entries.size();
    entries.values().removeIf(e -> e.tags().contains(tag));
    return before - entries.size();
  }

  @Override
  public long estimatedSize() {
    return entries.size();
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Puts an entry directly, bypassing the cache (e.g. one written by another model). */
  void inject(StoredEntry entry) {
    entries.put(entry.id(), entry);
  }

  private void failIfTold() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  /** A builder over a given store, as a backend module would write one. */
  static final class Builder extends SemanticCacheBuilder<Builder> {
    private final ScriptedEntryStore store;

    Builder(ScriptedEntryStore store) {
      this.store = store;
    }

    @Override
    public io.semcache.SemanticCache build() {
      return build(store);
    }
  }
}
