package io.semcache.tools;

import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;

/** The migration from the memory cache to Milvus against the real Milvus 2.3.5 server. */
@WithMilvus(MilvusFlavor.STANDALONE)
class MigrationToMilvusStandaloneTest extends MigrationToMilvusTest {}
