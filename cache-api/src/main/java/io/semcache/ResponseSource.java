package io.semcache;

/** Where the response of a get-or-load came from. */
public enum ResponseSource {
  /** An entry with identical prompt text. */
  EXACT_HIT,
  /** An entry whose prompt is semantically close enough. */
  SEMANTIC_HIT,
  /** This call ran the loader. */
  LOADED,
  /** Another concurrent call was already loading a matching prompt; this call waited for it. */
  JOINED_LOAD
}
