package io.semcache.milvus;

import io.semcache.milvus.testing.MilvusFlavor;
import io.semcache.milvus.testing.WithMilvus;

/** {@link MilvusResilienceTests} against a Milvus container of its own; skipped without Docker. */
@WithMilvus(value = MilvusFlavor.CONTAINER, dedicated = true)
class MilvusResilienceContainerTest extends MilvusResilienceTests {}
