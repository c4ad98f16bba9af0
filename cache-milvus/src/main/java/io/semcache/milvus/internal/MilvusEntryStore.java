package io.semcache.milvus.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.semcache.EntryId;
import io.semcache.Partition;
import io.semcache.StoreOutcome;
import io.semcache.milvus.MilvusConfig;
import io.semcache.spi.EntryRefusedException;
import io.semcache.spi.EntryStore;
import io.semcache.spi.RemovalCause;
import io.semcache.spi.ScoredEntry;
import io.semcache.spi.StoreContext;
import io.semcache.spi.StoredEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries in one Milvus collection. Lookups fetch by primary key and run a filtered HNSW search;
 * stores write one row (no flush: Milvus acknowledges once the write is in its log), by upsert or
 * by delete + insert depending on the server version ({@link ServerVersion}); expired rows are
 * filtered out of every read and deleted in the background by {@link Housekeeping}. All calls go
 * through {@link MilvusCalls} (deadlines, circuit breaker, retries). Start-up (connect, check or
 * create the collection) is {@link StartUp}'s, which may finish in the background.
 */
public final class MilvusEntryStore implements EntryStore {

  private static final Logger log = LoggerFactory.getLogger(MilvusEntryStore.class);

  /** Asked for by the breaker's health check; never an entry id (those are 32 hex digits). */
  private static final String PROBE_ID = "semcache-probe";

  /** How often the store asks Milvus which of its recent writes it shows. */
  static final java.time.Duration CONFIRM_INTERVAL = java.time.Duration.ofMillis(200);

  /** The largest entry id, 32 hex digits of f. */
  private static final java.math.BigInteger LAST_ID =
      java.math.BigInteger.ONE.shiftLeft(4 * EntryId.LENGTH).subtract(java.math.BigInteger.ONE);
  /**
   * Ids read by one query of an export, Milvus's cap on a query's rows; a range with as many is
   * read again, narrower. Lowered by tests to make ranges split.
   */
  private volatile int scanIdCap = 16_384;
  /** The width of the id range an export's next page starts with; the whole space at first. */
  private volatile java.math.BigInteger scanWidth = LAST_ID.add(java.math.BigInteger.ONE);

  /** Ids per delete of a filtered delete; Milvus caps a query at 16,384 rows. */
  static final int DELETE_BATCH = 4096;

  private final MilvusConfig config;
  private final String collection;
  private final ConsistencyLevel consistency;
  /** This store's recent writes, searched beside Milvus; null at Strong, which needs none. */
  private final @Nullable RecentWrites recent;
  private final MilvusCalls calls;
  private final boolean failOpen;
  private final String cacheName;
  private final @Nullable MeterRegistry meterRegistry;
  private final AtomicBoolean warnedUnreadableRow = new AtomicBoolean();
  private volatile ServerVersion.WritePath writePath = ServerVersion.WritePath.DELETE_THEN_INSERT;
  private volatile @Nullable StartUp startUp;
  private volatile @Nullable EntryRows rows;
  private volatile @Nullable StoreContext context;
  private volatile @Nullable Housekeeping housekeeping;

  /**
   * @param failOpen whether the cache fails open; then a Milvus that cannot be reached at build
   *     time makes the store start degraded instead of failing the build (see {@link StartUp})
   * @param meterRegistry where the start-up state gauge goes, or null for none
   */
  public MilvusEntryStore(MilvusConfig config, MilvusClients clients, boolean failOpen,
      @Nullable MeterRegistry meterRegistry, String cacheName) {
    this(config, clients, failOpen, meterRegistry, cacheName, System::nanoTime);
  }

  MilvusEntryStore(MilvusConfig config, MilvusClients clients, boolean failOpen,
      @Nullable MeterRegistry meterRegistry, String cacheName, LongSupplier nanoTime) {
    this.cacheName = cacheName;
    this.failOpen = failOpen;
    this.meterRegistry = meterRegistry;
    this.config = config;
    this.collection = config.collection().name();
    this.consistency = SearchRequests.consistencyLevel(config.search().consistency());
    this.recent = consistency == ConsistencyLevel.STRONG ? null : new RecentWrites(nanoTime);
    this.calls = new MilvusCalls(clients, config, this::healthCheck, nanoTime);
  }

  @Override
  public String backendName() {
    return "milvus";
  }

  /**
   * Checks the dimension, then connects, prepares the collection and starts the background
   * sweeper; see {@link StartUp} for what happens when Milvus cannot be reached.
   *
   * @throws IllegalStateException if the configured dimension is not the embedder's
   * @throws io.semcache.CacheUnavailableException if Milvus cannot be reached and the cache fails
   *     closed
   * @throws io.semcache.SemanticCacheException if the collection is missing and may not be
   *     created, or does not fit ({@link io.semcache.milvus.IncompatibleCollectionException}), or
   *     Milvus refuses the credentials ({@link io.semcache.milvus.MilvusAuthenticationException})
   * @throws io.semcache.IncompatibleEmbedderException if it holds another embedder's vectors
   */
  @Override
  public void open(StoreContext context) {
    if (config.collection().vectorField().dimension() != context.dimension()) {
      throw new IllegalStateException("collection.vector_field.dimension: " + config.collection().vectorField().dimension()
          + " configured, but the embedder '" + context.modelId() + "' makes "
          + context.dimension() + "-dimensional vectors; set it to " + context.dimension());
    }
    this.context = context;
    StartUp starting = new StartUp(this, config, failOpen, meterRegistry, cacheName);
    this.startUp = starting;
    starting.begin();
  }

  /**
   * One start-up attempt: version, collection, data client, sweeper. Called by {@link StartUp},
   * on the caller's thread at build and then on its background thread until one succeeds.
   */
  void prepare() {
    StoreContext context = context();
    MilvusClientV2 setupClient = calls.connectForSetup();
    Schema.Limits limits;
    try {
      String reported = calls.setup("get server version", setupClient,
          MilvusClientV2::getServerVersion);
      this.writePath = ServerVersion.check(reported);
      log.debug("Milvus at {} reports version {}: stores use {}", calls.endpoint(), reported,
          writePath);
      limits = new CollectionSetup(calls, setupClient, config)
          .prepare(context.dimension(), context.modelId(), context.clock().millis());
    } finally {
      calls.releaseSetupClient(setupClient);
    }
    if (!limits.metadataAndTags()) {
      log.warn("Milvus collection '{}' was created before response metadata and tags existed:"
          + " entries carrying either are refused (refused_unsupported) and invalidateByTag reports"
          + " UNSUPPORTED. To use them, move the entries to a new collection (see the"
          + " semcache-milvus README, 'Collections created before metadata and tags')", collection);
    }
    calls.connect();
    this.rows = new EntryRows(config.collection().vectorField().name(), context.dimension(), limits);
    Housekeeping tasks = new Housekeeping(this, config);
    this.housekeeping = tasks;
    tasks.start();
    if (recent != null) {
      tasks.every(CONFIRM_INTERVAL, this::confirmRecentWrites);
    }
  }

  /**
   * Asks Milvus (at bounded staleness, one query) which of this store's recent writes it shows
   * by now; those leave the local segment ({@link RecentWrites#confirmed}).
   */
  void confirmRecentWrites() {
    RecentWrites segment = recent;
    if (segment == null) {
      return;
    }
    List<EntryId> ids = segment.unconfirmed(1_000);
    if (ids.isEmpty()) {
      return;
    }
    List<Object> values = new ArrayList<>(ids.size());
    ids.forEach(id -> values.add(id.value()));
    QueryResp shown = calls.read("confirm recent writes", c -> c.query(QueryReq.builder()
        .collectionName(collection).ids(values)
        .outputFields(List.of(Schema.ID, Schema.CREATED_AT))
        .consistencyLevel(ConsistencyLevel.BOUNDED).build()));
    for (QueryResp.QueryResult row : shown.getQueryResults()) {
      Object id = row.getEntity().get(Schema.ID);
      Object created = row.getEntity().get(Schema.CREATED_AT);
      if (id != null) {
        Long millis = created instanceof Number n ? Long.valueOf(n.longValue())
            : created != null ? parseLong(created.toString()) : null;
        segment.confirmed(new EntryId(id.toString()), millis);
      }
    }
  }

  /** How stores write on this server; meaningful once the store serves. */
  public ServerVersion.WritePath writePath() {
    return writePath;
  }

  @Override
  public Optional<StoredEntry> get(EntryId id, long nowMillis) {
    requireServing("get");
    EntryRows rows = rows();
    if (recent != null) {
      Optional<StoredEntry> own = recent.get(id, nowMillis);
      if (own.isPresent()) {
        return own;
      }
    }
    ConsistencyLevel level = readConsistency();
    QueryResp response = calls.read("get", c -> c.query(QueryReq.builder()
        .collectionName(collection)
        .ids(List.of(id.value()))
        .outputFields(rows.outputFields())
        .consistencyLevel(level)
        .build()));
    for (QueryResp.QueryResult result : response.getQueryResults()) {
      StoredEntry entry = parse(rows, result.getEntity());
      if (entry != null && entry.id().equals(id) && entry.isLiveAt(nowMillis)
          && (recent == null || !recent.deletedSince(entry))) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<ScoredEntry> search(Partition partition, float[] query, int limit, long nowMillis) {
    requireServing("search");
    EntryRows rows = rows();
    SearchReq request = SearchReq.builder()
        .collectionName(collection)
        .annsField(config.collection().vectorField().name())
        .data(List.of(new FloatVec(query)))
        .limit(limit)
        .filter(Filters.searchable(partition, nowMillis))
        .outputFields(rows.outputFields())
        .searchParams(Map.of("ef", SearchRequests.ef(config.search().ef(), limit)))
        .consistencyLevel(readConsistency())
        .build();
    SearchResp response = calls.read("search", c -> c.search(request));
    List<List<SearchResp.SearchResult>> perQuery = response.getSearchResults();
    List<ScoredEntry> found = new ArrayList<>();
    if (perQuery != null && !perQuery.isEmpty()) {
      for (SearchResp.SearchResult result : perQuery.get(0)) {
        StoredEntry entry = parse(rows, result.getEntity());
        if (entry != null && entry.isLiveAt(nowMillis) && entry.partition().equals(partition)) {
          found.add(new ScoredEntry(entry, Similarity.fromScore(result.getScore())));
        }
      }
    }
    return recent == null ? found : recent.merge(found, partition, query, limit, nowMillis);
  }

  /**
   * A page of an export, in two Strong queries (they must see every acknowledged write): the ids
   * of a range of the id space, then the rows of the smallest of them, vectors included.
   *
   * <p>Not "{@code id > after}" with a limit: milvus-lite returns the rows of a limited query in
   * no particular order (measured: a scan paged that way lost half of 11 entries at pages of 3),
   * so the smallest ids after the cursor cannot be had from one limited query. Ids are uniform
   * (a digest), so a range of the id space holds a predictable share of the entries; a range is
   * read whole (fewer rows than the query's cap, or it is split), sorted here, and the page is cut
   * from it. The range's width is kept as a hint for the next page.
   */
  @Override
  public List<StoredEntry> scan(@Nullable EntryId after, int limit, long nowMillis) {
    requireServing("export");
    EntryRows rows = rows();
    List<String> fields = new ArrayList<>(rows.outputFields());
    fields.add(config.collection().vectorField().name());
    java.math.BigInteger lower = after == null ? null : new java.math.BigInteger(after.value(), 16);
    java.math.BigInteger width = scanWidth;
    int cap = scanIdCap;
    List<String> ids = new ArrayList<>();
    while (ids.size() < limit && (lower == null || lower.compareTo(LAST_ID) < 0)) {
      java.math.BigInteger upper = (lower == null ? width.subtract(java.math.BigInteger.ONE)
          : lower.add(width)).min(LAST_ID);
      String filter = Filters.liveIdRange(lower == null ? null : hex(lower), hex(upper),
          nowMillis);
      QueryResp found = calls.read("export", c -> c.query(QueryReq.builder()
          .collectionName(collection).filter(filter).outputFields(List.of(Schema.ID))
          .limit(cap).consistencyLevel(ConsistencyLevel.STRONG).build()));
      List<QueryResp.QueryResult> results = found.getQueryResults();
      if (results.size() >= cap && width.compareTo(java.math.BigInteger.ONE) > 0) {
        width = width.shiftRight(4).max(java.math.BigInteger.ONE); // too dense: a 16th of it
        continue;
      }
      List<String> range = new ArrayList<>(results.size());
      for (QueryResp.QueryResult result : results) {
        if (result.getEntity().get(Schema.ID) instanceof String id) {
          range.add(id);
        }
      }
      range.sort(null);
      ids.addAll(range.subList(0, Math.min(range.size(), limit - ids.size())));
      lower = upper;
      if (results.size() < scanIdCap / 8 && width.compareTo(LAST_ID) < 0) {
        width = width.shiftLeft(2); // sparse: four times as wide next time
      }
    }
    scanWidth = width;
    List<StoredEntry> page = new ArrayList<>(ids.size());
    if (ids.isEmpty()) {
      return page;
    }
    QueryResp response = calls.read("export", c -> c.query(QueryReq.builder()
        .collectionName(collection).ids(new ArrayList<>(ids)).outputFields(fields)
        .consistencyLevel(ConsistencyLevel.STRONG).build()));
    for (QueryResp.QueryResult result : response.getQueryResults()) {
      StoredEntry entry = parse(rows, result.getEntity());
      if (entry != null && entry.isLiveAt(nowMillis)) {
        page.add(entry);
      }
    }
    page.sort(java.util.Comparator.comparing(StoredEntry::id));
    return page;
  }

  /** For tests: a lower cap on the ids of one export query, so that ranges split. */
  void scanIdCap(int cap) {
    this.scanIdCap = cap;
  }

  private static String hex(java.math.BigInteger id) {
    String digits = id.toString(16);
    return "0".repeat(EntryId.LENGTH - digits.length()) + digits;
  }

  @Override
  public StoreOutcome upsert(StoredEntry entry) {
    StartUp starting = startUp;
    if (starting != null && starting.state() == StartUp.State.STARTING) {
      return StoreOutcome.DROPPED; // degraded start: like an open circuit breaker
    }
    requireServing("store");
    EntryRows.Conversion conversion = rows().toRow(entry);
    if (conversion instanceof EntryRows.TooLarge tooLarge) {
      throw tooLarge(entry, tooLarge);
    }
    List<com.google.gson.JsonObject> row = List.of(((EntryRows.Row) conversion).json());
    try {
      write(row, List.of(entry.id().value()));
      if (recent != null) {
        recent.stored(entry);
      }
      return StoreOutcome.STORED;
    } catch (CircuitOpenException shed) {
      return StoreOutcome.DROPPED;
    }
  }

  /** The rows of a batch of an import, in one write (one round trip instead of one an entry). */
  @Override
  public List<@Nullable EntryRefusedException> upsertAll(List<StoredEntry> entries) {
    List<@Nullable EntryRefusedException> outcomes = new ArrayList<>(entries.size());
    StartUp starting = startUp;
    if (starting != null && starting.state() == StartUp.State.STARTING) {
      for (int i = 0; i < entries.size(); i++) {
        outcomes.add(new EntryRefusedException(StoreOutcome.DROPPED, "Milvus is starting"));
      }
      return outcomes;
    }
    requireServing("store");
    EntryRows rows = rows();
    List<com.google.gson.JsonObject> batch = new ArrayList<>(entries.size());
    List<String> ids = new ArrayList<>(entries.size());
    List<StoredEntry> written = new ArrayList<>(entries.size());
    // One row per id: Milvus may refuse a write naming a primary key twice, and the last
    // occurrence replaces the earlier ones anyway.
    Map<EntryId, Integer> lastOccurrence = new java.util.HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      lastOccurrence.put(entries.get(i).id(), i);
    }
    for (int i = 0; i < entries.size(); i++) {
      StoredEntry entry = entries.get(i);
      EntryRows.Conversion conversion = rows.toRow(entry);
      if (conversion instanceof EntryRows.TooLarge tooLarge) {
        outcomes.add(tooLarge(entry, tooLarge));
      } else if (lastOccurrence.get(entry.id()) != i) {
        outcomes.add(null);
      } else {
        outcomes.add(null);
        batch.add(((EntryRows.Row) conversion).json());
        ids.add(entry.id().value());
        written.add(entry);
      }
    }
    if (batch.isEmpty()) {
      return outcomes;
    }
    try {
      write(batch, ids);
    } catch (CircuitOpenException shed) {
      for (int i = 0; i < outcomes.size(); i++) {
        if (outcomes.get(i) == null) {
          outcomes.set(i, new EntryRefusedException(StoreOutcome.DROPPED,
              "the circuit breaker is open"));
        }
      }
      return outcomes;
    }
    if (recent != null) {
      written.forEach(recent::stored);
    }
    return outcomes;
  }

  /** Writes rows, replacing those of the same ids, by the server's write path. */
  private void write(List<com.google.gson.JsonObject> rows, List<String> ids) {
    if (writePath == ServerVersion.WritePath.UPSERT) {
      UpsertReq request = UpsertReq.builder().collectionName(collection).data(rows).build();
      calls.write("upsert", c -> c.upsert(request));
    } else {
      DeleteReq replaced = DeleteReq.builder().collectionName(collection)
          .ids(new ArrayList<>(ids)).build();
      InsertReq request = InsertReq.builder().collectionName(collection).data(rows).build();
      // One call, so that a retry repeats both: the delete removes earlier rows of these ids (and
      // a half-done earlier attempt), the insert, ordered after it, survives it.
      calls.write("store (delete + insert)", c -> {
        c.delete(replaced);
        return c.insert(request);
      });
    }
  }

  private static EntryRefusedException tooLarge(StoredEntry entry, EntryRows.TooLarge tooLarge) {
    String detail = "the " + tooLarge.field() + " takes " + tooLarge.utf8Bytes()
        + " UTF-8 bytes raw, " + (tooLarge.compressedBytes() < 0 ? "not compressible"
            : tooLarge.compressedBytes() + " bytes compressed (gzip+base64)")
        + ", more than the Milvus field's limit of " + tooLarge.limitBytes() + " bytes";
    log.debug("Not storing entry {}: {}", entry.id(), detail);
    return new EntryRefusedException(StoreOutcome.REFUSED_TOO_LARGE, detail);
  }

  @Override
  public boolean delete(EntryId id) {
    requireServing("delete");
    EntryRows rows = rows();
    long now = context().clock().millis();
    // Milvus counts the ids a delete names, found or not, so ask first (at Strong, to see every
    // write acknowledged so far) whether a live entry is there and in which partition.
    Optional<StoredEntry> removed = calls.write("delete by id", c -> {
      QueryResp found = c.query(QueryReq.builder().collectionName(collection)
          .ids(List.of(id.value())).outputFields(rows.outputFields())
          .consistencyLevel(ConsistencyLevel.STRONG).build());
      c.delete(DeleteReq.builder().collectionName(collection).ids(List.of(id.value())).build());
      for (QueryResp.QueryResult result : found.getQueryResults()) {
        StoredEntry entry = parse(rows, result.getEntity());
        if (entry != null && entry.id().equals(id) && entry.isLiveAt(now)) {
          return Optional.of(entry);
        }
      }
      return Optional.<StoredEntry>empty();
    });
    if (recent != null) {
      recent.deleted(id, now);
    }
    removed.ifPresent(entry -> removed(entry.partition(), RemovalCause.EXPLICIT, 1));
    return removed.isPresent();
  }

  @Override
  public void deletePartition(Partition partition) {
    requireServing("delete partition");
    long deleted = deleteMatching("delete partition", Filters.partition(partition));
    if (recent != null) {
      recent.deletedPartition(partition, context().clock().millis());
    }
    removed(partition, RemovalCause.EXPLICIT, deleted);
  }

  @Override
  public void deleteAll() {
    requireServing("delete all");
    long deleted = deleteMatching("delete all", Filters.all());
    if (recent != null) {
      recent.deletedAll(context().clock().millis());
    }
    removed(null, RemovalCause.EXPLICIT, deleted);
  }

  /** False on a collection created before the metadata and tags fields existed. */
  @Override
  public boolean supportsTags() {
    EntryRows current = rows;
    return current != null && current.hasMetadataAndTags();
  }

  @Override
  public long countTagged(String tag, long nowMillis) {
    requireServing("count by tag");
    requireTags();
    return countMatching("count by tag", Filters.liveTagged(tag, nowMillis));
  }

  @Override
  public long deleteTagged(String tag, long nowMillis) {
    requireServing("delete by tag");
    requireTags();
    // The live ones first, to count them; then the expired rest, which the sweeper would take.
    long deleted = deleteMatching("delete by tag", Filters.liveTagged(tag, nowMillis));
    deleteMatching("delete by tag", Filters.tagged(tag));
    if (recent != null) {
      recent.deletedTag(tag, nowMillis);
    }
    removed(null, RemovalCause.EXPLICIT, deleted);
    return deleted;
  }

  private void requireTags() {
    if (!rows().hasMetadataAndTags()) {
      throw new UnsupportedOperationException("Milvus collection '" + collection + "' has no "
          + Schema.TAGS + " field");
    }
  }

  @Override
  public long estimatedSize() {
    Housekeeping tasks = housekeeping;
    return tasks == null ? 0 : tasks.liveEntries();
  }

  /** Counts the live entries now rather than at the next refresh (for the store contract). */
  void refreshEstimatedSize() {
    Housekeeping tasks = housekeeping;
    if (tasks != null) {
      tasks.refreshCount();
    }
  }

  @Override
  public void close() {
    StartUp starting = startUp;
    if (starting != null) {
      starting.close(); // first: no start-up attempt may open anything after this
    }
    Housekeeping tasks = housekeeping;
    if (tasks != null) {
      tasks.close();
    }
    calls.close();
  }

  // ------------------------------------------------------------------ for Housekeeping

  /** Deletes rows expired at the cache's clock; returns how many. */
  long sweepExpired() {
    long now = context().clock().millis();
    long deleted = deleteMatching("expiry sweep", Filters.expired(now));
    removed(null, RemovalCause.EXPIRED, deleted);
    return deleted;
  }

  /**
   * Counts rows live at the cache's clock, at Strong: it runs in the background, so the wait costs
   * no caller, and on 2.3.5 a count at Session still included rows this client had deleted (the
   * store contract on the real server caught it).
   */
  long countLive() {
    return countMatching("count", Filters.live(context().clock().millis()));
  }

  /** The rows matching {@code filter}, counted by Milvus at Strong. */
  private long countMatching(String operation, String filter) {
    QueryResp response = calls.read(operation, c -> c.query(QueryReq.builder()
        .collectionName(collection)
        .filter(filter)
        .outputFields(List.of("count(*)"))
        .consistencyLevel(ConsistencyLevel.STRONG)
        .build()));
    if (response.getQueryResults().isEmpty()) {
      return 0;
    }
    Object count = response.getQueryResults().get(0).getEntity().get("count(*)");
    return count instanceof Number n ? n.longValue() : 0;
  }


  // ------------------------------------------------------------------ helpers

  /**
   * Deletes the rows matching {@code filter} by their ids, found by a Strong query, in batches of
   * {@value #DELETE_BATCH}. Not a delete by expression: Milvus 2.3 resolves one against a
   * snapshot that may miss rows written just before (measured on 2.3.5: an invalidation right
   * after two stores deleted neither), where a Strong query sees every acknowledged write.
   *
   * @return how many rows were deleted
   */
  private long deleteMatching(String operation, String filter) {
    long total = 0;
    while (true) {
      long batch = calls.write(operation, c -> {
        QueryResp found = c.query(QueryReq.builder().collectionName(collection).filter(filter)
            .outputFields(List.of(Schema.ID)).limit(DELETE_BATCH)
            .consistencyLevel(ConsistencyLevel.STRONG).build());
        List<Object> ids = new ArrayList<>();
        for (QueryResp.QueryResult result : found.getQueryResults()) {
          ids.add(result.getEntity().get(Schema.ID));
        }
        if (ids.isEmpty()) {
          return 0L;
        }
        c.delete(DeleteReq.builder().collectionName(collection).ids(ids).build());
        return (long) ids.size();
      });
      total += batch;
      if (batch < DELETE_BATCH) {
        return total;
      }
    }
  }

  private void removed(@Nullable Partition partition, RemovalCause cause, long count) {
    if (count > 0) {
      context().removalListener().onRemoval(partition, cause, count);
    }
  }

  /**
   * The breaker's probe: the collection is loaded, then a query by an id no entry has. The load
   * state first, because while Milvus reloads a collection after a restart (about 35 s on 2.3.5)
   * a query fails, and the SDK logs every failed RPC at ERROR; the load state answers "loading"
   * without an error. The query at Eventually consistency, because at Session or Strong it would
   * wait for Milvus to catch up with its log and time out exactly when Milvus is back but busy.
   */
  private Object healthCheck(MilvusClientV2 client) {
    Boolean loaded = client.getLoadState(io.milvus.v2.service.collection.request.GetLoadStateReq
        .builder().collectionName(collection).build());
    if (!Boolean.TRUE.equals(loaded)) {
      throw new io.semcache.CacheUnavailableException("Milvus collection '" + collection
          + "' is not loaded yet");
    }
    return client.query(QueryReq.builder().collectionName(collection).ids(List.of(PROBE_ID))
        .outputFields(List.of(Schema.ID)).consistencyLevel(ConsistencyLevel.EVENTUALLY).build());
  }

  private @Nullable StoredEntry parse(EntryRows rows, Map<String, Object> entity) {
    try {
      return rows.fromEntity(entity);
    } catch (IllegalArgumentException e) {
      // A row this backend did not write (or a damaged one): skip it, say so once.
      if (warnedUnreadableRow.compareAndSet(false, true)) {
        log.warn("Skipping a row of Milvus collection '{}' that is not a semcache entry ({});"
            + " further ones are logged at debug level", collection, e.getMessage());
      } else {
        log.debug("Skipping an unreadable row of '{}': {}", collection, e.getMessage());
      }
      return null;
    }
  }

  /**
   * The level Milvus is read at. With the recent-writes segment, {@code Session} is read as
   * {@code Bounded}: the segment gives this store its own writes, so Milvus need not wait for them
   * (see {@link RecentWrites}); back to {@code Session} while the segment has overflowed.
   */
  private ConsistencyLevel readConsistency() {
    if (recent != null && consistency == ConsistencyLevel.SESSION) {
      return recent.overflowed() ? ConsistencyLevel.SESSION : ConsistencyLevel.BOUNDED;
    }
    return consistency;
  }

  private static @Nullable Long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Where Milvus is, for messages. */
  String endpoint() {
    return calls.endpoint();
  }

  private void requireServing(String operation) {
    StartUp starting = startUp;
    if (starting == null) {
      throw new IllegalStateException("store used before open()");
    }
    starting.requireServing(operation);
  }

  private EntryRows rows() {
    EntryRows current = rows;
    if (current == null) {
      throw new IllegalStateException("store used before open()");
    }
    return current;
  }

  private StoreContext context() {
    StoreContext current = context;
    if (current == null) {
      throw new IllegalStateException("store used before open()");
    }
    return current;
  }
}
