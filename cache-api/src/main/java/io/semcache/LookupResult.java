package io.semcache;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** The answer to a lookup: a {@link Hit} or a {@link Miss}. */
public sealed interface LookupResult permits LookupResult.Hit, LookupResult.Miss {

  /** The key that was looked up. */
  CacheKey key();

  /** The best similarity seen during this lookup, hit or miss; empty if nothing was compared. */
  OptionalDouble bestSimilarity();

  /**
   * Candidates at or above the threshold that a {@link HitVerifier} refused, best first. On a hit,
   * the better candidates refused before the one served.
   */
  List<Rejection> rejections();

  default boolean isHit() {
    return this instanceof Hit;
  }

  /** This result as a hit, if it is one. */
  default Optional<Hit> asHit() {
    return this instanceof Hit hit ? Optional.of(hit) : Optional.empty();
  }

  /**
   * A stored response that matches the key.
   *
   * @param key the key that was looked up
   * @param response the stored response's text
   * @param metadata the stored response's attributes and chunk boundaries
   * @param similarity cosine similarity between the looked-up and the matched prompt; exactly 1.0
   *     for an {@link MatchKind#EXACT} match
   * @param match how the entry was found
   * @param matchedPrompt the prompt the response was stored under
   * @param entryId the matched entry
   * @param createdAt when the entry was stored
   * @param expiresAt when the entry stops being returned
   * @param rejections better candidates a verifier refused before this one was accepted
   */
  record Hit(
      CacheKey key,
      String response,
      ResponseMetadata metadata,
      double similarity,
      MatchKind match,
      String matchedPrompt,
      EntryId entryId,
      Instant createdAt,
      Instant expiresAt,
      List<Rejection> rejections)
      implements LookupResult {

    public Hit {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(response, "response");
      Objects.requireNonNull(metadata, "metadata");
      Objects.requireNonNull(match, "match");
      Objects.requireNonNull(matchedPrompt, "matchedPrompt");
      Objects.requireNonNull(entryId, "entryId");
      Objects.requireNonNull(createdAt, "createdAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
      rejections = List.copyOf(rejections);
    }

    @Override
    public OptionalDouble bestSimilarity() {
      return OptionalDouble.of(similarity);
    }

    /** The stored response with its metadata, to {@link Response#decode decode} or replay. */
    public Response asResponse() {
      return Response.of(response, metadata);
    }
  }

  /**
   * No stored response matches the key.
   *
   * <p>When the lookup embedded the prompt, the miss keeps that embedding, so that storing the
   * response with {@link StoreRequest#forMiss} does not run the embedder a second time.
   *
   * @param key the key that was looked up
   * @param reason why nothing matched
   * @param bestSimilarity the closest similarity seen below the threshold, if any
   * @param embedding the prompt's embedding, if this lookup computed or was given one
   * @param rejections candidates at or above the threshold that a verifier refused
   */
  record Miss(CacheKey key, MissReason reason, OptionalDouble bestSimilarity,
      Optional<Embedding> embedding, List<Rejection> rejections) implements LookupResult {

    public Miss {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(bestSimilarity, "bestSimilarity");
      Objects.requireNonNull(embedding, "embedding");
      rejections = List.copyOf(rejections);
    }
  }
}
