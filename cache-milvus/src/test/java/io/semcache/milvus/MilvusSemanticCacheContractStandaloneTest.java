package io.semcache.milvus;

import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;

/**
 * The backend contract against the real Milvus 2.3.5 standalone server (semantic hits through
 * its HNSW search with partition-key filters, consistency, TTL); failed on CI without it.
 */
@WithMilvus(MilvusFlavor.STANDALONE)
class MilvusSemanticCacheContractStandaloneTest extends MilvusSemanticCacheContractTest {}
