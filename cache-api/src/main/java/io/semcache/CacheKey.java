package io.semcache;

import java.util.Objects;

/**
 * What a lookup asks for: a prompt, compared semantically, within a partition, matched exactly.
 *
 * <p>A blank prompt is a valid key but is never cached: lookups miss with {@link
 * MissReason#BLANK_PROMPT} and stores are refused.
 */
public record CacheKey(Partition partition, String prompt) {

  /** @throws NullPointerException if either component is null */
  public CacheKey {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(prompt, "prompt");
  }

  public static CacheKey of(Partition partition, String prompt) {
    return new CacheKey(partition, prompt);
  }

  /** Whether the prompt has nothing but whitespace, so cannot be matched or stored. */
  public boolean isBlank() {
    return prompt.isBlank();
  }
}
