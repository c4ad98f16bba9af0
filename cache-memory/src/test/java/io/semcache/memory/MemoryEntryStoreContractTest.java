package io.semcache.memory;

import io.semcache.spi.EntryStore;
import io.semcache.testing.EntryStoreContract;

/** The memory store passes the store-level contract on its own, without the cache core. */
class MemoryEntryStoreContractTest extends EntryStoreContract {

  private MemoryEntryStore store;

  @Override
  protected EntryStore newStore() {
    store = new MemoryEntryStore(EntryBound.entries(10_000),
        MemoryEntryStore.DEFAULT_EXACT_SEARCH_LIMIT);
    return store;
  }

  @Override
  protected void refreshEstimates() {
    store.cleanUp();
  }
}
