package io.semcache.verify;

import io.semcache.HitVerifier;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A verifier that runs a model outside cache-api (the cross-encoder of semcache-embedding, on
 * DJL), found with {@link java.util.ServiceLoader}: cache-api cannot depend on an inference
 * engine, so {@link io.semcache.verify.Verifiers#defaults()} and the YAML {@code
 * verification.cross_encoder} block reach it through this interface. At most one provider is
 * used (the first found).
 */
public interface ModelVerifierProvider {

  /** The verifier's name, as on its rejections ({@code cross-encoder}). */
  String name();

  /** The cutoff of the default chain. */
  double defaultCutoff();

  /** Whether the default model is there (provisioned), so that {@link #create} with null works. */
  boolean available();

  /**
   * Loads the verifier.
   *
   * @param modelDirectory a model directory, or null for the provisioned default
   * @param cutoff the probability at or above which a candidate is accepted
   * @throws RuntimeException naming the directory and what was expected, when it cannot load
   */
  HitVerifier create(@Nullable Path modelDirectory, double cutoff);
}
