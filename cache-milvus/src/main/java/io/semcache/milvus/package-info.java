/**
 * The Milvus backend: {@link io.semcache.milvus.MilvusSemanticCache}, configured by {@link
 * io.semcache.milvus.MilvusConfig}. Entries live in one Milvus collection shared by every replica
 * of the application; lookups fail open (a miss) within the request timeout when Milvus is slow or
 * down, and a circuit breaker stops calling it until it answers again.
 */
@NullMarked
package io.semcache.milvus;

import org.jspecify.annotations.NullMarked;
