package io.semcache.memory.index;

/**
 * Unfiltered nearest keys, best first, as found under an index's read lock.
 *
 * @param complete whether these are all the live keys, so that asking for more cannot find others
 */
record Candidates(long[] keys, float[] scores, int count, boolean complete) {}
