package io.semcache.milvus;

import io.semcache.core.SemanticCacheBuilder;
import io.semcache.milvus.testing.MilvusEndpoint;
import io.semcache.milvus.testing.WithMilvus;
import io.semcache.testing.SemanticCacheContract;
import org.junit.jupiter.api.BeforeEach;

/** The Milvus backend passes the backend contract against milvus-lite; a new collection per cache. */
@WithMilvus
class MilvusSemanticCacheContractTest extends SemanticCacheContract {

  private MilvusEndpoint endpoint;

  @BeforeEach
  void useServer(MilvusEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  protected SemanticCacheBuilder<?> newCacheBuilder() {
    return MilvusSemanticCache.builder()
        .config(MilvusTestConfigs.forEndpoint(endpoint).build());
  }
}
