package io.semcache.milvus.internal;

import io.semcache.milvus.testing.MilvusEndpoint;
import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;

/** The store-level contract against the real Milvus 2.3.5 standalone server. */
@WithMilvus(MilvusFlavor.STANDALONE)
class MilvusEntryStoreContractStandaloneTest extends MilvusEntryStoreContractTest {

  MilvusEntryStoreContractStandaloneTest(MilvusEndpoint endpoint) {
    super(endpoint);
  }
}
