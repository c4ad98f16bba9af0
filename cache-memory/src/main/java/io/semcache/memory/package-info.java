/**
 * The in-memory backend: {@link io.semcache.memory.MemorySemanticCache}. Caffeine holds the
 * entries (bounds, expiry, W-TinyLFU eviction); a per-partition vector index answers semantic
 * searches and is kept in step with Caffeine's removals.
 */
@NullMarked
package io.semcache.memory;

import org.jspecify.annotations.NullMarked;
