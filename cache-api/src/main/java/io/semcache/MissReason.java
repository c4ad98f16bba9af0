package io.semcache;

/** Why a lookup missed. Exposed on every miss and as the {@code reason} tag of the miss counter. */
public enum MissReason {
  /** The partition holds no live entry that could be compared. */
  NO_CANDIDATE,
  /** The closest live entry is below the similarity threshold. */
  BELOW_THRESHOLD,
  /** Entries at or above the threshold exist, but a {@link HitVerifier} refused each of them. */
  REJECTED_BY_VERIFIER,
  /** The prompt is empty or whitespace; such prompts are never cached. */
  BLANK_PROMPT,
  /**
   * The prompt was longer than the embedder's window, so only an exact-text hit was possible and
   * there was none (see {@link Embedding#truncated()}).
   */
  PROMPT_TRUNCATED,
  /**
   * Part of the prompt is text the embedder cannot represent (characters outside its vocabulary,
   * such as emoji or a script it was not trained on, which it maps to an unknown token), so only
   * an exact-text hit was possible and there was none (see {@link Embedding#isComparable()}).
   */
  PROMPT_UNREPRESENTABLE,
  /** The request said {@link CacheControl#noCache() no-cache}: the cache was not consulted. */
  SKIPPED_BY_REQUEST,
  /**
   * Entries that would have been served are older than the request's {@link
   * CacheControl#maxAge() max-age}.
   */
  OLDER_THAN_MAX_AGE,
  /**
   * The partition is in {@link ShadowMode}: the lookup ran and was counted, but the cache serves
   * nothing there.
   */
  SHADOW_MODE,
  /** The embedder failed; the lookup failed open. */
  EMBEDDING_FAILED,
  /** The backend failed or timed out; the lookup failed open. */
  BACKEND_FAILED;

  /** The lower-case tag value used in metrics, e.g. {@code below_threshold}. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
