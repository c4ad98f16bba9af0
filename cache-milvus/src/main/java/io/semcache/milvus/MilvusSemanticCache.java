package io.semcache.milvus;

import io.milvus.v2.client.MilvusClientV2;
import io.semcache.FailureMode;
import io.semcache.SemanticCache;
import io.semcache.core.SemanticCacheBuilder;
import io.semcache.milvus.internal.MilvusClients;
import io.semcache.milvus.internal.MilvusEntryStore;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Creates semantic caches whose entries live in a Milvus collection, shared by every replica of
 * the application that points at it.
 *
 * <pre>{@code
 * SemanticCache cache = MilvusSemanticCache.builder()
 *     .config(MilvusConfig.load(Path.of("milvus.yaml")))
 *     .embedder(embedder)
 *     .defaultTtl(Duration.ofHours(6))
 *     .build();
 * }</pre>
 *
 * <p>{@code build()} connects, creates or checks the collection and loads it, within {@code
 * connection.timeout}. If Milvus cannot be reached then, a fail-open cache (the default) starts
 * degraded (lookups miss with {@code BACKEND_FAILED}, stores are {@code DROPPED}) and finishes
 * its start-up in the background once Milvus answers; a fail-closed one throws. Afterwards the
 * cache fails open the same way: when Milvus is slow or down, lookups miss within {@code
 * connection.request_timeout}, stores are reported as failed or dropped, and the cache recovers
 * by itself; see the module's README.
 */
public final class MilvusSemanticCache {

  private MilvusSemanticCache() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a Milvus cache; see {@link SemanticCacheBuilder} for the shared options. */
  public static final class Builder extends SemanticCacheBuilder<Builder> {
    private @Nullable MilvusConfig config;
    private @Nullable MilvusClientV2 client;
    private FailureMode failureMode = FailureMode.FAIL_OPEN;
    private String name = "default";

    private Builder() {}

    /** {@inheritDoc} Also the {@code cache} tag of the backend's start-up state gauge. */
    @Override
    public Builder name(String name) {
      super.name(name);
      this.name = name;
      return this;
    }

    /**
     * {@inheritDoc}
     *
     * <p>For this backend it also decides what {@code build()} does when Milvus cannot be
     * reached: fail-open starts degraded and connects in the background, fail-closed throws.
     */
    @Override
    public Builder failureMode(FailureMode failureMode) {
      super.failureMode(failureMode);
      this.failureMode = failureMode;
      return this;
    }

    /** Where Milvus is and how the collection looks; {@link MilvusConfig#defaults()} unless set. */
    public Builder config(MilvusConfig config) {
      requireUnset("config", this.config);
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Uses the application's own client instead of creating one. The configuration's connection
     * settings (host, port, database, credentials, TLS, connect timeout) are then not used; the
     * rest is. The cache never closes this client, never changes its settings and cannot replace
     * it after an outage, so recovery then follows the client's own reconnect backoff. Give it an
     * {@code rpcDeadlineMs}: without one, a call to a hung Milvus holds a worker thread until
     * Milvus answers (the caller still gets its miss within the request timeout).
     */
    public Builder client(MilvusClientV2 client) {
      requireUnset("client", this.client);
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Connects, creates the collection if allowed and missing, checks and loads it.
     *
     * @throws IllegalStateException if no embedder was set, or the configured vector dimension
     *     is not the embedder's
     * @throws io.semcache.CacheUnavailableException if Milvus cannot be reached within {@code
     *     connection.timeout} and the failure mode is fail-closed (fail-open starts degraded)
     * @throws MilvusAuthenticationException if Milvus refuses the credentials or their
     *     privileges
     * @throws io.semcache.SemanticCacheException if the collection is missing and {@code
     *     development.auto_create_collection} is false, or Milvus refuses a start-up call
     * @throws IncompatibleCollectionException if the existing collection's layout does not fit
     * @throws io.semcache.IncompatibleEmbedderException if it holds another embedder's vectors
     */
    @Override
    public SemanticCache build() {
      requireEmbedder();
      MilvusConfig resolved = config != null ? config : MilvusConfig.defaults();
      if (!candidateLimitSet()) {
        candidateLimit(resolved.search().topK());
      }
      MilvusClients clients = client != null
          ? MilvusClients.supplied(resolved, client)
          : MilvusClients.fromConfig(resolved);
      return build(new MilvusEntryStore(resolved, clients,
          failureMode == FailureMode.FAIL_OPEN, meterRegistryOrDefault(), name));
    }
  }
}
