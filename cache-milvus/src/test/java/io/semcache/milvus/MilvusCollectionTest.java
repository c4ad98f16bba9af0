package io.semcache.milvus;

import io.semcache.milvus.testing.WithMilvus;

/** {@link MilvusCollectionTests} against milvus-lite. */
@WithMilvus
class MilvusCollectionTest extends MilvusCollectionTests {}
