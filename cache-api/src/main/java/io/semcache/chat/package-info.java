/**
 * Cache keys from OpenAI-style chat requests: {@link io.semcache.chat.ChatKeys} turns a request
 * into the {@link io.semcache.CacheKey} a router looks up and stores under, or says why the request
 * should not be cached at all.
 */
@NullMarked
package io.semcache.chat;

import org.jspecify.annotations.NullMarked;
