package io.semcache;

import java.util.Objects;

/**
 * A candidate that was close enough but refused by a {@link HitVerifier}; listed on the lookup's
 * result so a user can see why a near-match was not served.
 *
 * @param verifier the verifier's name
 * @param reason its reason
 * @param entryId the refused entry
 * @param candidatePrompt the refused entry's prompt
 * @param similarity its similarity to the looked-up prompt
 */
public record Rejection(String verifier, String reason, EntryId entryId, String candidatePrompt,
    double similarity) {
  public Rejection {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(entryId, "entryId");
    Objects.requireNonNull(candidatePrompt, "candidatePrompt");
  }
}
