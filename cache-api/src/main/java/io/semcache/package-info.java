/**
 * The semcache public API: {@link io.semcache.SemanticCache}, its keys, results and options, and
 * the {@link io.semcache.Embedder} SPI. Backends live in their own modules and are created through
 * their builders; nothing here depends on a backend.
 */
@NullMarked
package io.semcache;

import org.jspecify.annotations.NullMarked;
