package io.semcache.milvus.testing;

/** Which kind of real Milvus-protocol server a test runs against. */
public enum MilvusFlavor {
  /** {@code milvus-lite server}, a child process; needs {@code scripts/install-milvus-lite.sh}. */
  LITE,
  /** Milvus standalone in a Docker container through Testcontainers; needs a Docker engine. */
  CONTAINER
}
