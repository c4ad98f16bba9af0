package io.semcache.milvus;

import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;

/** The backend contract against Milvus standalone in Docker; skipped without Docker. */
@WithMilvus(MilvusFlavor.CONTAINER)
class MilvusSemanticCacheContractContainerTest extends MilvusSemanticCacheContractTest {}
