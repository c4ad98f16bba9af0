package io.semcache.memory.index;

/** Receives a key and a private copy of its vector, when one index is built from another. */
@FunctionalInterface
interface KeyVectorConsumer {
  void accept(long key, float[] vector);
}
