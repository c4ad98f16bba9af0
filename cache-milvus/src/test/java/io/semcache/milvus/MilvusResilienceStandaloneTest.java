package io.semcache.milvus;

import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;

/**
 * {@link MilvusResilienceTests} (restart, kill -9, the outage drill, a stalled server) against a
 * real Milvus 2.3.5 standalone server of its own.
 */
@WithMilvus(value = MilvusFlavor.STANDALONE, dedicated = true)
class MilvusResilienceStandaloneTest extends MilvusResilienceTests {}
