package io.semcache.milvus.internal;

import io.semcache.milvus.MilvusConfig;
import io.semcache.milvus.MilvusTestConfigs;
import io.semcache.milvus.testing.MilvusEndpoint;
import io.semcache.milvus.testing.WithMilvus;
import io.semcache.spi.EntryStore;
import io.semcache.testing.EntryStoreContract;

/**
 * The Milvus store passes the store-level contract on its own, without the cache core that checks
 * partitions and expiry again; against milvus-lite, a new collection per test.
 */
@WithMilvus
class MilvusEntryStoreContractTest extends EntryStoreContract {

  private final MilvusEndpoint endpoint;
  private MilvusEntryStore store;

  /** The server comes in through the constructor: the contract opens the store before each test. */
  MilvusEntryStoreContractTest(MilvusEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  protected EntryStore newStore() {
    MilvusConfig config = MilvusTestConfigs.forEndpoint(endpoint).dimension(DIMENSION).build();
    store = new MilvusEntryStore(config, MilvusClients.fromConfig(config), false, null,
        "store-contract");
    return store;
  }

  @Override
  protected void refreshEstimates() {
    store.refreshEstimatedSize();
  }
}
