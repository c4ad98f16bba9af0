package io.semcache.milvus.testing;

/** Which kind of real Milvus-protocol server a test runs against. */
public enum MilvusFlavor {
  /** {@code milvus-lite server}, a child process; needs {@code scripts/install-milvus-lite.sh}. */
  LITE,
  /**
   * The real Milvus 2.3.5 standalone server, plaintext, no authentication; a child process that
   * needs {@code scripts/install-milvus-server.sh}.
   */
  STANDALONE,
  /**
   * The real Milvus standalone with authorization enabled (user {@code root}, password {@code
   * Milvus}, handed to tests in the endpoint's token) and one-way TLS with a generated CA (in the
   * endpoint's {@code tlsCa}).
   */
  STANDALONE_SECURED,
  /** Milvus standalone in a Docker container through Testcontainers; needs a Docker engine. */
  CONTAINER;

  /** Whether this flavor is the real standalone server, of which one runs per machine at most. */
  boolean standalone() {
    return this == STANDALONE || this == STANDALONE_SECURED;
  }
}
