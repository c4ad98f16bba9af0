package io.semcache.memory;

/** The size bound of a memory cache: a count of entries or their estimated bytes. */
record EntryBound(long limit, boolean byWeight) {

  static EntryBound entries(long maximumEntries) {
    return new EntryBound(maximumEntries, false);
  }

  static EntryBound weightBytes(long maximumWeightBytes) {
    return new EntryBound(maximumWeightBytes, true);
  }
}
