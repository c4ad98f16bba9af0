package io.semcache.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq.FieldSchema;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.semcache.CacheKey;
import io.semcache.EntryId;
import io.semcache.IncompatibleEmbedderException;
import io.semcache.InvalidationOutcome;
import io.semcache.LookupResult.Hit;
import io.semcache.MatchKind;
import io.semcache.Partition;
import io.semcache.ResponseMetadata;
import io.semcache.SemanticCache;
import io.semcache.SemanticCacheException;
import io.semcache.StoreOutcome;
import io.semcache.StoreRequest;
import io.semcache.StoreResult;
import io.semcache.TagInvalidation;
import io.semcache.config.ConfigException;
import io.semcache.config.SemanticCacheConfig;
import io.semcache.core.SemanticCaches;
import io.semcache.milvus.internal.Schema;
import io.semcache.milvus.testing.MilvusEndpoint;
import io.semcache.milvus.testing.MilvusProxy;
import io.semcache.milvus.testing.TestCertificates;
import io.semcache.testing.ManualClock;
import io.semcache.testing.TestEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Milvus backend adds to the contract: the collection it creates or accepts, large texts,
 * physical expiry, replicas sharing a collection, TLS and the configuration path. Runs against any
 * {@link io.semcache.milvus.testing.MilvusTestServer}; subclasses choose the flavor.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class MilvusCollectionTests {

  private static final int VARCHAR_LIMIT = 65_535;

  protected final ManualClock clock = ManualClock.startingNow();
  protected final TestEmbedder embedder = new TestEmbedder();
  protected final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Partition acme = Partition.of("acme", "gpt-4o");
  private final List<SemanticCache> opened = new ArrayList<>();
  private final List<MilvusClientV2> clients = new ArrayList<>();
  private MilvusEndpoint endpoint;

  @TempDir Path dir;

  @BeforeEach
  void useServer(MilvusEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @AfterEach
  void closeEverything() throws InterruptedException {
    opened.forEach(SemanticCache::close);
    for (MilvusClientV2 client : clients) {
      client.close(1);
    }
  }

  // ------------------------------------------------------------------ the collection

  @Test
  void createsTheCollectionWithTheDocumentedLayoutAndWritesOneMeaningPerField() {
    String collection = MilvusTestConfigs.uniqueCollection("layout");
    SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build());
    CacheKey key = CacheKey.of(acme, "How do I reset my password?");
    CacheKey truncated = CacheKey.of(acme, "word ".repeat(embedder.window() + 1));
    CacheKey tagged = CacheKey.of(acme, "What does the premium plan cost?");
    cache.put(key, "Click 'Forgot password'.");
    cache.put(truncated, "answered by exact text only");
    cache.put(StoreRequest.builder(tagged, "12 EUR").tags("price-list", "plan-premium")
        .metadata(ResponseMetadata.builder().finishReason("stop").chunkLengths(List.of(2, 4))
            .build()).build());

    DescribeCollectionResp description = raw().describeCollection(
        DescribeCollectionReq.builder().collectionName(collection).build());
    CreateCollectionReq.CollectionSchema schema = description.getCollectionSchema();
    assertThat(schema.getFieldSchemaList()).extracting(FieldSchema::getName).containsExactly(
        "id", "partition_key", "tenant", "model", "fingerprint", "prompt", "prompt_encoding",
        "response", "response_encoding", "embedding", "searchable", "created_at", "expires_at",
        "model_id", "response_metadata", "tags");
    assertThat(schema.getField("tags").getDataType()).isEqualTo(DataType.Array);
    assertThat(schema.getField("tags").getElementType()).isEqualTo(DataType.VarChar);
    assertThat(schema.getField("tags").getMaxCapacity()).isEqualTo(16);
    assertThat(schema.getField("response_metadata").getDataType()).isEqualTo(DataType.VarChar);
    FieldSchema id = schema.getField("id");
    assertThat(id.getDataType()).isEqualTo(DataType.VarChar);
    assertThat(id.getIsPrimaryKey()).isTrue();
    assertThat(id.getAutoID()).isFalse();
    assertThat(id.getMaxLength()).isEqualTo(32);
    assertThat(schema.getField("partition_key").getIsPartitionKey()).isTrue();
    assertThat(schema.getField("response").getMaxLength()).isEqualTo(VARCHAR_LIMIT);
    assertThat(schema.getField("prompt_encoding").getDataType()).isEqualTo(DataType.Int8);
    assertThat(schema.getField("embedding").getDataType()).isEqualTo(DataType.FloatVector);
    assertThat(schema.getField("embedding").getDimension()).isEqualTo(384);
    assertThat(schema.getField("expires_at").getDataType()).isEqualTo(DataType.Int64);
    DescribeIndexResp.IndexDesc index = raw().describeIndex(DescribeIndexReq.builder()
        .collectionName(collection).fieldName("embedding").build())
        .getIndexDescByFieldName("embedding");
    assertThat(index.getIndexType()).isEqualTo(IndexParam.IndexType.HNSW);
    assertThat(index.getMetricType()).isEqualTo(IndexParam.MetricType.IP);

    Map<String, Object> row = row(collection, EntryId.of(key));
    assertThat(row).containsEntry("partition_key", acme.digest())
        .containsEntry("tenant", "acme").containsEntry("model", "gpt-4o")
        .containsEntry("fingerprint", "").containsEntry("prompt", key.prompt())
        .containsEntry("response", "Click 'Forgot password'.")
        .containsEntry("searchable", true).containsEntry("created_at", clock.millis())
        .containsEntry("expires_at", clock.millis() + Duration.ofHours(1).toMillis())
        .containsEntry("model_id", TestEmbedder.MODEL_ID);
    assertThat(((Number) row.get("prompt_encoding")).intValue()).isZero();
    assertThat(((Number) row.get("response_encoding")).intValue()).isZero();
    assertThat(row(collection, EntryId.of(truncated))).containsEntry("searchable", false);
    assertThat(row).containsEntry("response_metadata", "").containsEntry("tags", List.of());
    assertThat(row(collection, EntryId.of(tagged)))
        .containsEntry("response_metadata",
            "{\"attributes\":{\"finish_reason\":\"stop\"},\"chunks\":[2,4]}")
        .containsEntry("tags", List.of("plan-premium", "price-list"));
  }

  @Test
  void aCollectionCreatedBeforeMetadataAndTagsServesPlainEntriesAndRefusesTheRest() {
    String collection = MilvusTestConfigs.uniqueCollection("legacy");
    MilvusConfig config = MilvusTestConfigs.forEndpoint(endpoint, collection).build();
    createWithout(collection, config, "response_metadata", "tags");
    SemanticCache cache = cache(config);
    CacheKey plain = CacheKey.of(acme, "a plain question");
    CacheKey tagged = CacheKey.of(acme, "a tagged question");

    assertThat(cache.put(plain, "plain answer").isStored()).isTrue();
    StoreResult refused = cache.put(StoreRequest.builder(tagged, "tagged").tags("price-list")
        .build());
    StoreResult withMetadata = cache.put(StoreRequest.builder(tagged, "with metadata")
        .metadata(ResponseMetadata.builder().finishReason("stop").build()).build());

    assertThat(cache.lookup(plain).asHit().orElseThrow().response()).isEqualTo("plain answer");
    assertThat(refused.outcome()).isEqualTo(StoreOutcome.REFUSED_UNSUPPORTED);
    assertThat(refused.detail()).contains("milvus").contains("migrating");
    assertThat(withMetadata.outcome()).isEqualTo(StoreOutcome.REFUSED_UNSUPPORTED);
    assertThat(cache.lookup(tagged).isHit()).isFalse();
    assertThat(cache.invalidateByTag("price-list").outcome())
        .isEqualTo(TagInvalidation.Outcome.UNSUPPORTED);
    assertThat(cache.countByTag("price-list").outcome())
        .isEqualTo(TagInvalidation.Outcome.UNSUPPORTED);
    assertThat(countRows(collection)).isEqualTo(1);
  }

  @Test
  void aCollectionWithOnlyOneOfMetadataAndTagsIsRefused() {
    String collection = MilvusTestConfigs.uniqueCollection("halfnew");
    MilvusConfig config = MilvusTestConfigs.forEndpoint(endpoint, collection).build();
    createWithout(collection, config, "tags");

    assertThatThrownBy(() -> cache(config))
        .isInstanceOfSatisfying(IncompatibleCollectionException.class, e ->
            assertThat(e.mismatches()).containsExactly("field 'tags' is missing while"
                + " 'response_metadata' exists (expected both or, on a collection created before"
                + " they existed, neither)"));
  }

  /** Creates the backend's own layout without {@code left}, as an older version created it. */
  private void createWithout(String collection, MilvusConfig config, String... left) {
    CreateCollectionReq.CollectionSchema current = Schema.collectionSchema(config, 384);
    CreateCollectionReq.CollectionSchema schema =
        CreateCollectionReq.CollectionSchema.builder().enableDynamicField(false).build();
    for (FieldSchema field : current.getFieldSchemaList()) {
      if (List.of(left).contains(field.getName())) {
        continue;
      }
      AddFieldReq.AddFieldReqBuilder<?> copy = AddFieldReq.builder().fieldName(field.getName())
          .dataType(field.getDataType())
          .isPrimaryKey(Boolean.TRUE.equals(field.getIsPrimaryKey())).autoID(false)
          .isPartitionKey(Boolean.TRUE.equals(field.getIsPartitionKey()));
      if (field.getMaxLength() != null) {
        copy.maxLength(field.getMaxLength());
      }
      if (field.getDimension() != null) {
        copy.dimension(field.getDimension());
      }
      if (field.getElementType() != null) {
        copy.elementType(field.getElementType()).maxCapacity(field.getMaxCapacity());
      }
      schema.addField(copy.build());
    }
    raw().createCollection(CreateCollectionReq.builder().collectionName(collection)
        .collectionSchema(schema).indexParams(List.of(Schema.vectorIndex(config))).build());
  }

  @Test
  void aMissingCollectionIsAClearErrorWhenAutoCreateIsOff() {
    String collection = MilvusTestConfigs.uniqueCollection("absent");
    MilvusConfig config = MilvusTestConfigs.forEndpoint(endpoint, collection)
        .autoCreateCollection(false).build();

    assertThatThrownBy(() -> cache(config))
        .isInstanceOf(SemanticCacheException.class)
        .hasMessageContaining("'" + collection + "' does not exist")
        .hasMessageContaining("auto_create_collection is false");
    assertThat(raw().hasCollection(HasCollectionReq.builder().collectionName(collection).build()))
        .isFalse();
  }

  @Test
  void aMissingDatabaseIsAClearErrorAtBuild() {
    assertThatThrownBy(() -> cache(MilvusTestConfigs.forEndpoint(endpoint)
        .database("no_such_database").build()))
        .isInstanceOf(SemanticCacheException.class)
        .hasMessageContaining("(database no_such_database)")
        .message().containsIgnoringCase("database").contains("no_such_database")
        .containsAnyOf("not exist", "not found");
  }

  @Test
  void aCollectionThatDoesNotFitIsRefusedNamingEachMismatch() {
    String collection = MilvusTestConfigs.uniqueCollection("foreign");
    CreateCollectionReq.CollectionSchema schema =
        CreateCollectionReq.CollectionSchema.builder().enableDynamicField(false).build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.VarChar)
        .maxLength(64).isPrimaryKey(true).autoID(false).build());
    schema.addField(AddFieldReq.builder().fieldName("embedding").dataType(DataType.FloatVector)
        .dimension(384).build());
    schema.addField(AddFieldReq.builder().fieldName("expires_at").dataType(DataType.VarChar)
        .maxLength(32).build());
    schema.addField(AddFieldReq.builder().fieldName("notes").dataType(DataType.Int32).build());
    raw().createCollection(CreateCollectionReq.builder().collectionName(collection)
        .collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("embedding")
            .indexType(IndexParam.IndexType.HNSW).metricType(IndexParam.MetricType.COSINE)
            .extraParams(Map.of("M", 16, "efConstruction", 64)) // real Milvus requires them
            .build()))
        .build());

    assertThatThrownBy(() -> cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build()))
        .isInstanceOfSatisfying(IncompatibleCollectionException.class, e ->
            assertThat(e.mismatches())
                .contains("field 'partition_key' is missing (expected VarChar of at least 64 bytes)")
                .contains("field 'expires_at' is VarChar, expected Int64")
                .contains("vector field 'embedding' is indexed with metric COSINE, expected IP"
                    + " (collection.vector_field.metric_type)")
                .anySatisfy(m -> assertThat(m).startsWith("field 'notes' is not one of the"
                    + " backend's")))
        .hasMessageContaining("nothing was written to it");
    assertThat(countRows(collection)).isZero();
  }

  @Test
  void aCollectionOfAnotherDimensionIsRefusedAsAnotherEmbeddersVectors() {
    String collection = MilvusTestConfigs.uniqueCollection("dims");
    TestEmbedder small = new TestEmbedder(8, "tiny-embedder", 64);
    cache(MilvusTestConfigs.forEndpoint(endpoint, collection).dimension(8).build(),
        b -> { }, small).put(CacheKey.of(acme, "a question"), "an answer");

    assertThatThrownBy(() -> cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build()))
        .isInstanceOf(IncompatibleEmbedderException.class)
        .hasMessageContaining("holds 8-dimensional vectors")
        .hasMessageContaining("makes 384-dimensional ones");
  }

  @Test
  void theConfiguredDimensionMustBeTheEmbeddersBeforeAnythingIsCreated() {
    String collection = MilvusTestConfigs.uniqueCollection("confdim");
    assertThatThrownBy(() -> cache(MilvusTestConfigs.forEndpoint(endpoint, collection)
        .dimension(768).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("collection.vector_field.dimension: 768 configured")
        .hasMessageContaining("set it to 384");
    assertThat(raw().hasCollection(HasCollectionReq.builder().collectionName(collection).build()))
        .isFalse();
  }

  @Test
  void liveEntriesOfAnotherModelAreRefusedExpiredOnesAreNot() {
    String collection = MilvusTestConfigs.uniqueCollection("models");
    String oddModelId = "org/model \"v1\" \\ beta"; // quotes and a backslash reach the filter
    TestEmbedder other = new TestEmbedder(384, oddModelId, 64);
    cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build(),
        b -> b.defaultTtl(Duration.ofMinutes(5)), other)
        .put(CacheKey.of(acme, "stored by the other model"), "answer");

    assertThatThrownBy(() -> cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build()))
        .isInstanceOf(IncompatibleEmbedderException.class)
        .hasMessageContaining("entries of embedder '" + oddModelId + "'")
        .hasMessageContaining("this cache's embedder is '" + TestEmbedder.MODEL_ID + "'");
    // A cache of the same odd model id is accepted: the escaped filter matched exactly.
    cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build(), b -> { },
        new TestEmbedder(384, oddModelId, 64));

    clock.advance(Duration.ofMinutes(5));
    SemanticCache accepted = cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build());
    assertThat(accepted.lookup(CacheKey.of(acme, "stored by the other model")).isHit()).isFalse();
  }

  // ------------------------------------------------------------------ large texts

  @Test
  void aResponseOverTheVarCharLimitIsStoredCompressedAndReadBackIntact() {
    String collection = MilvusTestConfigs.uniqueCollection("large");
    SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build());
    String longAnswer = englishLikeText(120_000, 3);
    CacheKey key = CacheKey.of(acme, "Write a long essay about caching.");

    assertThat(cache.put(key, longAnswer).isStored()).isTrue();

    Hit hit = cache.lookup(key).asHit().orElseThrow();
    assertThat(hit.response()).isEqualTo(longAnswer);
    Map<String, Object> row = row(collection, EntryId.of(key));
    assertThat(((Number) row.get("response_encoding")).intValue()).isEqualTo(1);
    assertThat(((String) row.get("response")).length()).isLessThanOrEqualTo(VARCHAR_LIMIT);
  }

  @Test
  void multibyteTextIsMeasuredInUtf8BytesAtTheLimit() {
    String collection = MilvusTestConfigs.uniqueCollection("utf8");
    SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build());
    CacheKey atLimit = CacheKey.of(acme, "exactly at the limit");
    CacheKey overLimit = CacheKey.of(acme, "one byte over the limit");
    String fits = "é".repeat(VARCHAR_LIMIT / 2) + "a"; // 65,535 bytes, 32,768 chars
    String over = "é".repeat(VARCHAR_LIMIT / 2 + 1); // 65,536 bytes, 32,769 chars

    assertThat(cache.put(atLimit, fits).isStored()).isTrue();
    assertThat(cache.put(overLimit, over).isStored()).isTrue();

    assertThat(cache.lookup(atLimit).asHit().orElseThrow().response()).isEqualTo(fits);
    assertThat(cache.lookup(overLimit).asHit().orElseThrow().response()).isEqualTo(over);
    assertThat(((Number) row(collection, EntryId.of(atLimit)).get("response_encoding")).intValue())
        .isZero();
    assertThat(((Number) row(collection, EntryId.of(overLimit)).get("response_encoding"))
        .intValue()).isEqualTo(1);
  }

  @Test
  void textThatDoesNotFitEvenCompressedIsRefusedAndCounted() {
    String collection = MilvusTestConfigs.uniqueCollection("toolarge");
    SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build());

    StoreResult refused = cache.put(CacheKey.of(acme, "dump random bytes"),
        randomBase64(70_000, 1));
    StoreOutcome response = refused.outcome();
    StoreOutcome prompt = cache.put(CacheKey.of(acme, randomBase64(90_000, 2)), "short").outcome();

    assertThat(response).isEqualTo(StoreOutcome.REFUSED_TOO_LARGE);
    assertThat(refused.detail()).as("names the sizes").contains("response")
        .contains("70000 UTF-8 bytes raw").contains("compressed").contains("65535");
    assertThat(prompt).isEqualTo(StoreOutcome.REFUSED_TOO_LARGE);
    assertThat(cache.stats().storeRefusedCount()).isEqualTo(2);
    assertThat(meters.get("semcache.stores").tag("outcome", "refused_too_large").counter()
        .count()).isEqualTo(2.0);
    assertThat(countRows(collection)).isZero();
  }

  // ------------------------------------------------------------------ expiry and size

  @Test
  void theSweeperDeletesExpiredRowsAndCountsThemAsExpirations() {
    String collection = MilvusTestConfigs.uniqueCollection("sweep");
    SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(endpoint, collection)
        .expirySweepInterval(Duration.ofMillis(200)).build(),
        b -> b.defaultTtl(Duration.ofHours(1)));
    for (int i = 0; i < 3; i++) {
      cache.put(StoreRequest.builder(CacheKey.of(acme, "short-lived " + i), "soon gone")
          .ttl(Duration.ofMinutes(1)).build());
    }
    cache.put(CacheKey.of(acme, "long-lived one"), "kept");
    cache.put(CacheKey.of(acme, "long-lived two"), "kept");
    assertThat(countRows(collection)).isEqualTo(5);

    clock.advance(Duration.ofMinutes(2));

    waitUntil(() -> countRows(collection) == 2, "the sweeper deletes the 3 expired rows");
    waitUntil(() -> cache.stats().expirationCount() == 3, "3 expirations counted");
    assertThat(meters.get("semcache.removals").tag("cause", "expired").counter().count())
        .isEqualTo(3.0);
    assertThat(cache.lookup(CacheKey.of(acme, "long-lived one")).isHit()).isTrue();
  }

  @Test
  void theEntryCountIsRefreshedInTheBackgroundAndLeavesOutExpiredRows() {
    String collection = MilvusTestConfigs.uniqueCollection("count");
    SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(endpoint, collection)
        .entryCountRefreshInterval(Duration.ofMillis(100)).build());
    cache.put(StoreRequest.builder(CacheKey.of(acme, "brief"), "x").ttl(Duration.ofMinutes(1))
        .build());
    cache.put(CacheKey.of(acme, "lasting one"), "y");
    cache.put(CacheKey.of(acme, "lasting two"), "z");

    waitUntil(() -> cache.inspect().estimatedEntryCount() == 3, "3 live entries counted");
    clock.advance(Duration.ofMinutes(2));
    waitUntil(() -> cache.inspect().estimatedEntryCount() == 2, "the expired one left out");
    assertThat(countRows(collection)).as("not yet swept").isEqualTo(3);
  }

  // ------------------------------------------------------------------ replicas

  @Test
  void twoReplicasWithTheirOwnClientsShareEntriesAndEachReadsItsOwnWrites() {
    String collection = MilvusTestConfigs.uniqueCollection("replicas");
    embedder.define("How do I reset my password?", embedder.axis(0));
    embedder.define("I forgot my password, how can I change it?",
        embedder.vectorWithCosine(0, 1, 0.95));
    SemanticCache first = cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build(),
        b -> b.similarityThreshold(0.9));
    SemanticCache second = cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build(),
        b -> b.similarityThreshold(0.9));

    first.put(CacheKey.of(acme, "How do I reset my password?"), "Click 'Forgot password'.");
    // Another replica's write becomes visible after Milvus' consistency delay (Session
    // guarantees read-your-writes to the writing client only): wait for it, print how long.
    awaitVisible("another replica's store", () ->
        second.lookup(CacheKey.of(acme, "How do I reset my password?")).isHit());
    Hit exact = second.lookup(CacheKey.of(acme, "How do I reset my password?")).asHit()
        .orElseThrow();
    Hit semantic = second.lookup(CacheKey.of(acme, "I forgot my password, how can I change it?"))
        .asHit().orElseThrow();
    assertThat(exact.match()).isEqualTo(MatchKind.EXACT);
    assertThat(semantic.match()).isEqualTo(MatchKind.SEMANTIC);
    assertThat(semantic.response()).isEqualTo("Click 'Forgot password'.");

    second.put(CacheKey.of(acme, "What is the capital of France?"), "Paris");
    awaitVisible("another replica's store", () ->
        first.lookup(CacheKey.of(acme, "What is the capital of France?")).isHit());
    assertThat(first.invalidate(EntryId.of(CacheKey.of(acme, "What is the capital of France?"))))
        .as("another replica's entry").isEqualTo(InvalidationOutcome.REMOVED);
    assertThat(first.lookup(CacheKey.of(acme, "What is the capital of France?")).isHit())
        .as("the invalidating replica reads its own delete").isFalse();
    // The replica that wrote the entry holds it in its recent-writes segment until Milvus shows
    // it, at most the segment's 10 s window (see the README, "Replicas and consistency").
    awaitVisible("another replica's invalidation of an entry this replica wrote", () ->
        !second.lookup(CacheKey.of(acme, "What is the capital of France?")).isHit(),
        Duration.ofSeconds(12));

    for (int i = 0; i < 30; i++) {
      CacheKey key = CacheKey.of(acme, "question number " + i);
      first.put(key, "answer " + i);
      assertThat(first.lookup(key).asHit()).as("read-your-writes %d", i).isPresent();
    }
  }

  // ------------------------------------------------------------------ connection paths

  @Test
  void tlsWorksEndToEndTrustingTheConfiguredCa() {
    TestCertificates certs = certificates();
    try (MilvusProxy proxy = MilvusProxy.tls(endpoint, certs, false)) {
      SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(proxy.endpoint())
          .caCertPath(certs.caPem()).serverName(TestCertificates.SERVER_NAME).build());
      CacheKey key = CacheKey.of(acme, "over TLS");
      assertThat(cache.put(key, "encrypted").isStored()).isTrue();
      assertThat(cache.lookup(key).asHit().orElseThrow().response()).isEqualTo("encrypted");
    }
  }

  @Test
  void mutualTlsWorksEndToEndWithTheClientCertificate() {
    TestCertificates certs = certificates();
    try (MilvusProxy proxy = MilvusProxy.tls(endpoint, certs, true)) {
      SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(proxy.endpoint())
          .caCertPath(certs.caPem()).clientCertificate(certs.clientCertPem(), certs.clientKeyPem())
          .serverName(TestCertificates.SERVER_NAME).build());
      CacheKey key = CacheKey.of(acme, "over mutual TLS");
      assertThat(cache.put(key, "mutually encrypted").isStored()).isTrue();
      assertThat(cache.lookup(key).isHit()).isTrue();

      // Without the client certificate the proxy refuses the handshake: no cache is built.
      assertThatThrownBy(() -> cache(MilvusTestConfigs.forEndpoint(proxy.endpoint())
          .connectTimeout(Duration.ofSeconds(3)).caCertPath(certs.caPem())
          .serverName(TestCertificates.SERVER_NAME).build()))
          .isInstanceOf(SemanticCacheException.class);
    }
  }

  @Test
  void aSuppliedClientIsUsedInsteadOfTheConnectionSettingsAndLeftOpen() {
    MilvusClientV2 own = raw();
    String collection = MilvusTestConfigs.uniqueCollection("supplied");
    // Port 1 would fail if it were used: the supplied client decides where Milvus is.
    MilvusConfig config = MilvusConfig.builder().port(1).collectionName(collection).build();
    SemanticCache cache = cache(config, b -> ((MilvusSemanticCache.Builder) b).client(own),
        embedder);
    CacheKey key = CacheKey.of(acme, "through the application's client");
    cache.put(key, "answer");
    assertThat(cache.lookup(key).isHit()).isTrue();

    cache.close();

    assertThat(own.hasCollection(HasCollectionReq.builder().collectionName(collection).build()))
        .as("the supplied client still works").isTrue();
  }

  @Test
  void theRoutersConfigurationSelectsThisBackendThroughItsFile() throws IOException {
    String collection = MilvusTestConfigs.uniqueCollection("fromconfig");
    Path milvusFile = Files.writeString(dir.resolve("milvus.yaml"), """
        connection:
          host: %s
          port: %d
          auth: %s
        collection:
          name: %s
        search:
          topk: 5
        """.formatted(endpoint.host(), endpoint.port(), endpoint.token() == null
        ? "{enabled: false}" : "{enabled: true, token: \"" + endpoint.token() + "\"}",
        collection));
    Path routerFile = Files.writeString(dir.resolve("router.yaml"), """
        semantic_cache:
          backend_type: milvus
          backend_config_path: milvus.yaml
          similarity_threshold: 0.9
          ttl_seconds: 600
        """);

    SemanticCache cache = SemanticCaches.fromConfig(SemanticCacheConfig.load(routerFile),
        embedder, meters).orElseThrow();
    opened.add(cache);

    assertThat(cache.inspect().backend()).isEqualTo("milvus");
    assertThat(cache.inspect().defaultTtl()).isEqualTo(Duration.ofMinutes(10));
    CacheKey key = CacheKey.of(acme, "configured by YAML");
    cache.put(key, "answer");
    assertThat(cache.lookup(key).isHit()).isTrue();

    Files.writeString(milvusFile, """
        connection: {port: 0}
        collection: {index: {type: FLAT}}
        """);
    assertThatThrownBy(() -> SemanticCaches.fromConfig(SemanticCacheConfig.load(routerFile),
        embedder, meters))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("2 problems")
        .hasMessageContaining("connection.port")
        .hasMessageContaining("collection.index.type");
  }


  // ------------------------------------------------------------------ write path (issue 12.1)

  @Test
  void partitionKeyFilteredSearchesFindEveryStoredEntryAndInvalidationDeletesIt() {
    // Milvus 2.3.x's upsert files rows under a partition computed from the wrong field, so a
    // partition-key-filtered search finds one only by chance (about 1 in 64); across 32
    // partitions chance alone cannot pass this.
    embedder.define("How do I reset my password?", embedder.axis(0));
    embedder.define("How can I reset my password?", embedder.vectorWithCosine(0, 1, 0.95));
    String collection = MilvusTestConfigs.uniqueCollection("write_path");
    SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(endpoint, collection).build(),
        b -> b.similarityThreshold(0.9).verifiers(List.of()));
    int partitions = 32;
    for (int i = 0; i < partitions; i++) {
      Partition tenant = Partition.of("tenant-" + i, "gpt-4o");
      assertThat(cache.put(CacheKey.of(tenant, "How do I reset my password?"), "answer " + i)
          .isStored()).isTrue();
    }
    for (int i = 0; i < partitions; i++) {
      Partition tenant = Partition.of("tenant-" + i, "gpt-4o");
      Hit hit = cache.lookup(CacheKey.of(tenant, "How can I reset my password?")).asHit()
          .orElseThrow(() -> new AssertionError("no semantic hit in its own partition"));
      assertThat(hit.match()).isEqualTo(MatchKind.SEMANTIC);
      assertThat(hit.response()).isEqualTo("answer " + i);
    }
    // Storing again replaces (one row per id), and invalidating a partition deletes its row.
    Partition first = Partition.of("tenant-0", "gpt-4o");
    assertThat(cache.put(CacheKey.of(first, "How do I reset my password?"), "replaced")
        .isStored()).isTrue();
    assertThat(cache.lookup(CacheKey.of(first, "How can I reset my password?")).asHit()
        .orElseThrow().response()).isEqualTo("replaced");
    assertThat(countRows(collection)).isEqualTo(partitions);
    for (int i = 0; i < partitions / 2; i++) {
      assertThat(cache.invalidatePartition(Partition.of("tenant-" + i, "gpt-4o"))).isTrue();
    }
    for (int i = 0; i < partitions; i++) {
      Partition tenant = Partition.of("tenant-" + i, "gpt-4o");
      assertThat(cache.lookup(CacheKey.of(tenant, "How can I reset my password?")).isHit())
          .as("partition %d after invalidating the first half", i)
          .isEqualTo(i >= partitions / 2);
    }
    assertThat(countRows(collection)).isEqualTo(partitions / 2);
  }

  // ------------------------------------------------------------------ start-up while down

  @Test
  void aCacheBuiltWhileMilvusIsUnreachableStartsDegradedAndServesOnceItAnswers() {
    try (MilvusProxy proxy = MilvusProxy.plain(endpoint)) {
      proxy.stall();
      long started = System.nanoTime();
      SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(proxy.endpoint())
          .connectTimeout(Duration.ofSeconds(2)).build());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
      assertThat(backendState()).isEqualTo(0);
      CacheKey key = CacheKey.of(acme, "asked while Milvus was down");
      assertThat(cache.put(key, "dropped").outcome()).isEqualTo(StoreOutcome.DROPPED);
      assertThat(cache.lookup(key)).isInstanceOfSatisfying(io.semcache.LookupResult.Miss.class,
          miss -> assertThat(miss.reason()).isEqualTo(io.semcache.MissReason.BACKEND_FAILED));

      proxy.resume();
      waitUntil(() -> backendState() == 1, "the cache to serve after Milvus answered");

      assertThat(cache.put(key, "stored").isStored()).isTrue();
      assertThat(cache.lookup(key).asHit().orElseThrow().response()).isEqualTo("stored");
    }
  }

  @Test
  void failClosedStillFailsTheBuildFastWhenMilvusIsUnreachable() {
    try (MilvusProxy proxy = MilvusProxy.plain(endpoint)) {
      proxy.stall();
      assertThatThrownBy(() -> cache(MilvusTestConfigs.forEndpoint(proxy.endpoint())
              .connectTimeout(Duration.ofSeconds(2)).build(),
          b -> b.failureMode(io.semcache.FailureMode.FAIL_CLOSED)))
          .isInstanceOf(io.semcache.CacheUnavailableException.class);
    }
  }

  @Test
  void anIncompatibleCollectionSeenAfterADegradedStartFailsLoudlyAndIsNeverWritten() {
    String collection = MilvusTestConfigs.uniqueCollection("late_dims");
    TestEmbedder small = new TestEmbedder(8, "tiny-embedder", 64);
    cache(MilvusTestConfigs.forEndpoint(endpoint, collection).dimension(8).build(),
        b -> { }, small).put(CacheKey.of(acme, "a question"), "an answer");
    try (MilvusProxy proxy = MilvusProxy.plain(endpoint)) {
      proxy.stall();
      SemanticCache cache = cache(MilvusTestConfigs.forEndpoint(proxy.endpoint(), collection)
          .connectTimeout(Duration.ofSeconds(2)).build());
      assertThat(backendState()).isEqualTo(0);
      proxy.resume();
      waitUntil(() -> backendState() == -1, "the start-up to fail for good");
      CacheKey key = CacheKey.of(acme, "another question");
      assertThat(cache.put(key, "never written").isStored()).isFalse();
      assertThat(cache.lookup(key).isHit()).isFalse();
    }
    assertThat(countRows(collection)).isEqualTo(1);
  }

  /** The start-up state gauge of the cache built last. */
  private double backendState() {
    return meters.get("semcache.backend.state").tag("backend", "milvus")
        .tag("cache", "cache-" + (opened.size() - 1)).gauge().value();
  }

  // ------------------------------------------------------------------ TLS mismatches (12.5)

  @Test
  void tlsMismatchesAreReportedWithinSecondsNamingTheCause() {
    TestCertificates certs = certificates();
    TestCertificates otherCa = TestCertificates.createIn(certs.dir().resolveSibling("tls-other"));
    try (MilvusProxy proxy = MilvusProxy.tls(endpoint, certs, false)) {
      MilvusEndpoint tls = proxy.endpoint();
      assertTlsFailure(MilvusTestConfigs.forEndpoint(tls).tls().serverName(
          TestCertificates.SERVER_NAME), "not trusted", "default authorities");
      assertTlsFailure(MilvusTestConfigs.forEndpoint(tls).caCertPath(otherCa.caPem())
          .serverName(TestCertificates.SERVER_NAME), "not trusted", "ca_cert_path");
      assertTlsFailure(MilvusTestConfigs.forEndpoint(tls).caCertPath(certs.caPem())
          .serverName("milvus.example.com"), "not issued for 'milvus.example.com'");
      assertTlsFailure(MilvusTestConfigs.forEndpoint(tls), "speaks TLS",
          "connection.tls.enabled is false");
    }
    // TLS against a plaintext server.
    assertTlsFailure(MilvusTestConfigs.forEndpoint(endpoint).caCertPath(certs.caPem())
        .serverName(TestCertificates.SERVER_NAME), "TLS handshake", "tls.enabled: false");
  }

  private void assertTlsFailure(MilvusConfig.Builder config, String... expected) {
    long started = System.nanoTime();
    assertThatThrownBy(() -> cache(config.connectTimeout(Duration.ofSeconds(30)).build()))
        .isInstanceOf(MilvusTlsException.class)
        .message().contains(expected);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).as("reported after %s", took).isLessThan(Duration.ofSeconds(15));
  }

  // ------------------------------------------------------------------ helpers

  private SemanticCache cache(MilvusConfig config) {
    return cache(config, b -> { }, embedder);
  }

  private SemanticCache cache(MilvusConfig config,
      Consumer<io.semcache.core.SemanticCacheBuilder<?>> options) {
    return cache(config, options, embedder);
  }

  private SemanticCache cache(MilvusConfig config,
      Consumer<io.semcache.core.SemanticCacheBuilder<?>> options, TestEmbedder with) {
    MilvusSemanticCache.Builder builder = MilvusSemanticCache.builder().config(config)
        .embedder(with).clock(clock).meterRegistry(meters).name("cache-" + opened.size());
    options.accept(builder);
    SemanticCache cache = builder.build();
    opened.add(cache);
    return cache;
  }

  /** Test TLS material, made once per build in the test work directory. */
  private static TestCertificates certificates() {
    return TestCertificates.createIn(Path.of(System.getProperty("semcache.test.workDir",
        "target/milvus-test")).resolve("tls"));
  }

  /** A client of the test's own, to look at what the backend wrote. */
  private MilvusClientV2 raw() {
    MilvusClientV2 client = new MilvusClientV2(endpoint.connectConfig(Duration.ofSeconds(10))
        .build());
    clients.add(client);
    return client;
  }

  private Map<String, Object> row(String collection, EntryId id) {
    QueryResp response = raw().query(QueryReq.builder().collectionName(collection)
        .ids(List.of(id.value()))
        .outputFields(List.of("partition_key", "tenant", "model", "fingerprint", "prompt",
            "prompt_encoding", "response", "response_encoding", "searchable", "created_at",
            "expires_at", "model_id", "response_metadata", "tags"))
        .consistencyLevel(ConsistencyLevel.STRONG).build());
    assertThat(response.getQueryResults()).as("row %s", id).hasSize(1);
    return response.getQueryResults().get(0).getEntity();
  }

  private long countRows(String collection) {
    QueryResp response = raw().query(QueryReq.builder().collectionName(collection).filter("")
        .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build());
    return ((Number) response.getQueryResults().get(0).getEntity().get("count(*)")).longValue();
  }

  /** Waits up to 5 s for another replica's change to be seen, and prints how long it took. */
  private static void awaitVisible(String what, BooleanSupplier seen) {
    awaitVisible(what, seen, Duration.ofSeconds(5));
  }

  private static void awaitVisible(String what, BooleanSupplier seen, Duration limit) {
    long started = System.nanoTime();
    long deadline = started + limit.toNanos();
    while (!seen.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " not visible within " + limit);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    System.out.printf("cross-replica visibility: %s seen after %d ms%n", what,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private static void waitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Text of English words with English-like repetition, from a fixed vocabulary. */
  static String englishLikeText(int length, long seed) {
    String[] words = ("the of and to a in is that for it as with was on be by this are or"
        + " from at an which have not can cache entry response prompt model vector search"
        + " similarity threshold partition tenant milvus index latency request answer user"
        + " question because when where while however therefore example result value system"
        + " data time first would should could about more most other such only also into")
        .split(" ");
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(length + 16);
    while (text.length() < length) {
      text.append(words[random.nextInt(words.length)]);
      text.append(random.nextInt(12) == 0 ? ". " : " ");
    }
    return text.substring(0, length);
  }

  /** Random bytes, base64-encoded: as incompressible as text gets after gzip and base64. */
  static String randomBase64(int length, long seed) {
    byte[] bytes = new byte[length * 3 / 4 + 3];
    new SplittableRandom(seed).nextBytes(bytes);
    return java.util.Base64.getEncoder().encodeToString(bytes).substring(0, length);
  }
}
