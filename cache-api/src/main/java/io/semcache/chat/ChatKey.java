package io.semcache.chat;

import io.semcache.CacheKey;
import java.util.Objects;

/** What {@link ChatKeys} made of a chat request: a key to cache under, or why not to cache. */
public sealed interface ChatKey {

  /** The request may be served from and stored into the cache under {@code key}. */
  record Cacheable(CacheKey key) implements ChatKey {
    public Cacheable {
      Objects.requireNonNull(key, "key");
    }
  }

  /** The request must go to the model, and its answer must not be stored. */
  record NotCacheable(Reason reason, String detail) implements ChatKey {
    public NotCacheable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a request is not cacheable. */
  enum Reason {
    /** The last message is not the user's (a tool result, or an assistant prefill). */
    LAST_MESSAGE_NOT_FROM_USER,
    /** The last user message has no text: every such request would share one key. */
    EMPTY_USER_TEXT,
    /** The last user message carries images, audio or files, which the text key cannot compare. */
    NON_TEXT_CONTENT,
    /** {@code n} above 1: the caller wants several different answers. */
    MULTIPLE_CHOICES,
    /** {@code temperature} above the configured bound: the caller wants variety. */
    TEMPERATURE_ABOVE_LIMIT
  }

  default boolean isCacheable() {
    return this instanceof Cacheable;
  }
}
