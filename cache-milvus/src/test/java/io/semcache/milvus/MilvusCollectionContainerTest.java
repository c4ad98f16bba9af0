package io.semcache.milvus;

import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;

/** {@link MilvusCollectionTests} against Milvus standalone in Docker; skipped without Docker. */
@WithMilvus(MilvusFlavor.CONTAINER)
class MilvusCollectionContainerTest extends MilvusCollectionTests {}
