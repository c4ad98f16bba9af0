package io.semcache.milvus;

import io.semcache.milvus.testing.WithMilvus;

/** {@link MilvusResilienceTests} against a milvus-lite server of its own. */
@WithMilvus(dedicated = true)
class MilvusResilienceTest extends MilvusResilienceTests {}
