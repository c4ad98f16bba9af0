/**
 * Internals of the Milvus backend; no compatibility promise. The Milvus SDK's types appear only
 * here: {@link io.semcache.milvus.internal.EntryRows} (rows ↔ entries), {@link
 * io.semcache.milvus.internal.Similarity} (scores), {@link io.semcache.milvus.internal.Filters}
 * (expressions), {@link io.semcache.milvus.internal.MilvusErrors} (exceptions), {@link
 * io.semcache.milvus.internal.ConnectConfigs} (client settings), and the store and its call
 * handling.
 */
@NullMarked
package io.semcache.milvus.internal;

import org.jspecify.annotations.NullMarked;
