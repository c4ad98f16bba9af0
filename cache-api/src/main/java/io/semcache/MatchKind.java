package io.semcache;

/** How a hit was found. */
public enum MatchKind {
  /** The prompt text is identical to the stored one; the embedder was not run. */
  EXACT,
  /** The prompt's embedding is within the similarity threshold of the stored one. */
  SEMANTIC
}
