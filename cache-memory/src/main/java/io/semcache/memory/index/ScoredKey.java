package io.semcache.memory.index;

/**
 * A search result: a key and the inner product of its vector with the query (cosine similarity for
 * unit vectors; higher is closer).
 */
public record ScoredKey(long key, float score) {}
