package io.semcache.verify;

import io.semcache.HitVerifier;
import java.nio.file.Path;
import java.util.List;
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

  /** The exports {@link #create(Path, double, String)} can run, the default first. */
  default List<String> quantizations() {
    return List.of("none");
  }

  /**
   * Loads the verifier running the export {@code quantization}, one of {@link #quantizations()}.
   *
   * @throws IllegalArgumentException if {@code quantization} is not one of them
   * @throws RuntimeException naming the directory and what was expected, when it cannot load
   */
  default HitVerifier create(@Nullable Path modelDirectory, double cutoff, String quantization) {
    if (!quantizations().contains(quantization)) {
      throw new IllegalArgumentException("quantization: expected one of " + quantizations()
          + ", got '" + quantization + "'");
    }
    return create(modelDirectory, cutoff);
  }
}
