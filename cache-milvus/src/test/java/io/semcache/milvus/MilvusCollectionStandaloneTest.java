package io.semcache.milvus;

import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;

/** {@link MilvusCollectionTests} against the real Milvus 2.3.5 standalone server. */
@WithMilvus(MilvusFlavor.STANDALONE)
class MilvusCollectionStandaloneTest extends MilvusCollectionTests {}
