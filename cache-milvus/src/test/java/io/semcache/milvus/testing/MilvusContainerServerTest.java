package io.semcache.milvus.testing;

/** A Milvus container meets the same contract; skipped where no Docker engine is reachable. */
@WithMilvus(value = MilvusFlavor.CONTAINER, dedicated = true)
class MilvusContainerServerTest extends MilvusTestServerContract {}
