/**
 * For backend authors: the {@link io.semcache.spi.EntryStore} a backend implements, and {@link
 * io.semcache.spi.SemanticCacheBuilder}, which turns a store into a {@link
 * io.semcache.SemanticCache}. Exact-text hits, thresholds, get-or-load coalescing, fail-open
 * handling and metrics live here once, so every backend behaves the same. Application code does
 * not need this package.
 */
@NullMarked
package io.semcache.spi;

import org.jspecify.annotations.NullMarked;
