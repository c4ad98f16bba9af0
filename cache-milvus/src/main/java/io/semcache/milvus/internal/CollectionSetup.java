package io.semcache.milvus.internal;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.semcache.CacheUnavailableException;
import io.semcache.IncompatibleEmbedderException;
import io.semcache.SemanticCacheException;
import io.semcache.milvus.IncompatibleCollectionException;
import io.semcache.milvus.MilvusConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the collection ready at start-up, or explains why it cannot be used: creates it (when
 * allowed) with its HNSW index, checks the layout of an existing one, loads it, and refuses one
 * that holds another embedder's vectors.
 */
final class CollectionSetup {

  private static final Logger log = LoggerFactory.getLogger(CollectionSetup.class);
  private static final long LOAD_POLL_MILLIS = 200;

  private final MilvusCalls calls;
  private final MilvusClientV2 client;
  private final MilvusConfig config;
  private final String collection;

  CollectionSetup(MilvusCalls calls, MilvusClientV2 client, MilvusConfig config) {
    this.calls = calls;
    this.client = client;
    this.config = config;
    this.collection = config.collection().name();
  }

  /**
   * @return the byte limits of the collection's text fields
   * @throws SemanticCacheException if the collection is missing and may not be created
   * @throws IncompatibleCollectionException if its layout does not fit
   * @throws IncompatibleEmbedderException if it holds vectors of another dimension or model
   */
  Schema.Limits prepare(int dimension, String modelId, long nowMillis) {
    if (!exists()) {
      if (!config.development().autoCreateCollection()) {
        throw new SemanticCacheException("Milvus collection '" + collection + "' does not exist in"
            + " database '" + config.connection().database() + "', and development.auto_create_collection is"
            + " false: create it with the layout in the semcache-milvus README, or set"
            + " auto_create_collection: true");
      }
      create(dimension);
    }
    DescribeCollectionResp description = calls.setup("describe collection " + collection, client,
        c -> c.describeCollection(DescribeCollectionReq.builder().collectionName(collection)
            .build()));
    CreateCollectionReq.CollectionSchema schema = description.getCollectionSchema();
    List<String> mismatches = Schema.mismatches(schema, config, vectorIndex());
    if (!mismatches.isEmpty()) {
      throw new IncompatibleCollectionException(collection, mismatches);
    }
    Integer storedDimension = Schema.dimensionOf(schema, config.collection().vectorField().name());
    if (storedDimension == null || storedDimension != dimension) {
      throw new IncompatibleEmbedderException("Milvus collection '" + collection + "' holds "
          + storedDimension + "-dimensional vectors, but the embedder '" + modelId + "' makes "
          + dimension + "-dimensional ones; a collection holds one embedder's vectors: use another"
          + " collection.name for this embedder");
    }
    Schema.Limits limits = Schema.Limits.of(schema);
    if (TextCodec.utf8Length(modelId) > limits.modelId()) {
      throw new IllegalStateException("embedder model id '" + modelId + "' is longer than the "
          + limits.modelId() + " bytes the collection's model_id field holds");
    }
    ensureLoaded();
    refuseOtherModels(modelId, nowMillis);
    return limits;
  }

  private boolean exists() {
    return calls.setup("has collection " + collection, client,
        c -> c.hasCollection(HasCollectionReq.builder().collectionName(collection).build()));
  }

  private void create(int dimension) {
    CreateCollectionReq request = CreateCollectionReq.builder()
        .collectionName(collection)
        .description(config.collection().description())
        .collectionSchema(Schema.collectionSchema(config, dimension))
        // With index params the SDK creates the index (without waiting for it: milvus-lite lacks
        // the RPC that wait needs) and starts loading; ensureLoaded() waits for the load.
        .indexParams(List.of(Schema.vectorIndex(config)))
        .consistencyLevel(SearchRequests.consistencyLevel(config.search().consistency()))
        // No collection TTL property: entries have their own TTLs, and a collection TTL would
        // delete long-lived ones early. Expired rows are deleted by the sweeper.
        .build();
    try {
      calls.setup("create collection " + collection, client, c -> {
        c.createCollection(request);
        return null;
      });
      log.info("Created Milvus collection '{}' ({}-dimensional {} vectors, HNSW M={}"
          + " efConstruction={})", collection, dimension, config.collection().vectorField().metric(), config.collection().index().m(),
          config.collection().index().efConstruction());
    } catch (SemanticCacheException e) {
      // Another replica may have created it at the same moment; then check that one instead.
      if (!exists()) {
        throw e;
      }
    }
  }

  private DescribeIndexResp.@Nullable IndexDesc vectorIndex() {
    List<String> names = calls.setup("list indexes of " + collection, client,
        c -> c.listIndexes(ListIndexesReq.builder().collectionName(collection)
            .fieldName(config.collection().vectorField().name()).build()));
    if (names == null || names.isEmpty()) {
      return null;
    }
    DescribeIndexResp index = calls.setup("describe index of " + collection, client,
        c -> c.describeIndex(DescribeIndexReq.builder().collectionName(collection)
            .indexName(names.get(0)).build()));
    DescribeIndexResp.IndexDesc byField = index.getIndexDescByFieldName(config.collection().vectorField().name());
    if (byField != null) {
      return byField;
    }
    return index.getIndexDescriptions().isEmpty() ? null : index.getIndexDescriptions().get(0);
  }

  /** Loads the collection if Milvus has not (a new one is loading; Milvus may have released it). */
  private void ensureLoaded() {
    if (loaded()) {
      return;
    }
    calls.setup("load collection " + collection, client, c -> {
      c.loadCollection(LoadCollectionReq.builder().collectionName(collection).sync(false).build());
      return null;
    });
    long deadline = System.nanoTime() + config.connection().connectTimeout().toNanos();
    while (!loaded()) {
      if (System.nanoTime() > deadline) {
        throw new CacheUnavailableException("Milvus collection '" + collection + "' was not"
            + " loaded within " + config.connection().connectTimeout().toSeconds() + " s (connection.timeout)");
      }
      try {
        TimeUnit.MILLISECONDS.sleep(LOAD_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CacheUnavailableException("interrupted while waiting for collection '"
            + collection + "' to load", e);
      }
    }
  }

  private boolean loaded() {
    return Boolean.TRUE.equals(calls.setup("load state of " + collection, client,
        c -> c.getLoadState(GetLoadStateReq.builder().collectionName(collection).build())));
  }

  private void refuseOtherModels(String modelId, long nowMillis) {
    QueryResp other = calls.setup("check model ids in " + collection, client,
        c -> c.query(QueryReq.builder().collectionName(collection)
            .filter(Filters.liveOfAnotherModel(modelId, nowMillis))
            .outputFields(List.of(Schema.MODEL_ID))
            .limit(1)
            .consistencyLevel(io.milvus.v2.common.ConsistencyLevel.STRONG)
            .build()));
    if (!other.getQueryResults().isEmpty()) {
      Object found = other.getQueryResults().get(0).getEntity().get(Schema.MODEL_ID);
      throw new IncompatibleEmbedderException("Milvus collection '" + collection + "' holds live"
          + " entries of embedder '" + found + "', but this cache's embedder is '" + modelId
          + "'; similarities between different models' vectors are meaningless. Use another"
          + " collection.name, or delete the other model's entries (or drop the collection)");
    }
  }
}
