package io.semcache.memory;

import io.semcache.core.SemanticCacheBuilder;
import io.semcache.testing.SemanticCacheContract;

/** The memory backend passes the backend contract. */
class MemorySemanticCacheContractTest extends SemanticCacheContract {

  @Override
  protected SemanticCacheBuilder<?> newCacheBuilder() {
    return MemorySemanticCache.builder();
  }
}
