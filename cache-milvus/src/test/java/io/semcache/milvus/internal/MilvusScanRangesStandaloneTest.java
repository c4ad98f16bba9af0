package io.semcache.milvus.internal;

import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;

/** The scan's range splitting against the real Milvus 2.3.5 standalone server. */
@WithMilvus(MilvusFlavor.STANDALONE)
class MilvusScanRangesStandaloneTest extends MilvusScanRangesTest {}
