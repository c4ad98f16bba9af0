package io.semcache.config;

import io.semcache.HitVerifier;
import io.semcache.verify.AcceptanceModel;
import io.semcache.verify.AcceptanceVerifier;
import io.semcache.verify.NameVerifier;
import io.semcache.verify.NumberVerifier;
import io.semcache.verify.PolarityVerifier;
import io.semcache.verify.Verifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code semantic_cache.verification} block: which hit verifiers run.
 *
 * <pre>{@code
 * verification:
 *   enabled: true                          # false: similarity alone decides
 *   rules: [polarity, numbers, names]      # any subset, in this order
 *   acceptance_model:
 *     enabled: true
 *     path: my-acceptance-model.json       # default: the built-in model
 *     cutoff: 0.5
 * }</pre>
 *
 * @param enabled false turns every verifier off
 * @param rules the rule verifiers to run, by name
 * @param acceptanceModel whether the acceptance model runs
 * @param acceptanceModelPath a model file fitted with the calibration command; null for the
 *     built-in model
 * @param acceptanceCutoff the probability at or above which the model accepts
 */
public record VerificationConfig(boolean enabled, List<String> rules, boolean acceptanceModel,
    @Nullable Path acceptanceModelPath, double acceptanceCutoff) {

  /** Rule verifier names, in the order they run. */
  public static final List<String> RULES =
      List.of(PolarityVerifier.NAME, NumberVerifier.NAME, NameVerifier.NAME);

  /** Every verifier on, the built-in model at its default cutoff. */
  public static final VerificationConfig DEFAULTS = new VerificationConfig(true, RULES, true, null,
      Verifiers.DEFAULT_ACCEPTANCE_CUTOFF);

  public VerificationConfig {
    rules = List.copyOf(rules);
    for (String rule : rules) {
      if (!RULES.contains(rule)) {
        throw new IllegalArgumentException("rules: expected names among " + RULES + ", got '"
            + rule + "'");
      }
    }
    if (!(acceptanceCutoff >= 0 && acceptanceCutoff <= 1)) {
      throw new IllegalArgumentException("acceptanceCutoff: expected a probability in [0, 1], got "
          + acceptanceCutoff);
    }
  }

  static VerificationConfig read(ConfigSection block) {
    boolean enabled = block.bool("enabled", true);
    List<String> rules = new ArrayList<>(RULES);
    if (block.has("rules")) {
      rules = block.stringList("rules", RULES);
    }
    ConfigSection model = block.sectionOrEmpty("acceptance_model");
    boolean modelEnabled = model.bool("enabled", true);
    Path path = model.path("path").orElse(null);
    double cutoff = model.number("cutoff", Verifiers.DEFAULT_ACCEPTANCE_CUTOFF, 0, 1);
    if (path != null && !Files.isRegularFile(path)) {
      model.problem("path", "expected an acceptance model file, but " + path + " does not exist");
    }
    model.rejectUnknownKeys();
    block.rejectUnknownKeys();
    return new VerificationConfig(enabled, rules, modelEnabled, path, cutoff);
  }

  /**
   * The verifier chain this configuration describes.
   *
   * @throws ConfigException if the model file cannot be read or parsed
   */
  public List<HitVerifier> verifiers() {
    if (!enabled) {
      return List.of();
    }
    List<HitVerifier> chain = new ArrayList<>();
    Set<String> wanted = Set.copyOf(rules);
    for (HitVerifier rule : Verifiers.rules()) {
      if (wanted.contains(rule.name())) {
        chain.add(rule);
      }
    }
    if (acceptanceModel) {
      AcceptanceModel model = acceptanceModelPath == null ? AcceptanceModel.defaultModel()
          : load(acceptanceModelPath);
      chain.add(new AcceptanceVerifier(model, acceptanceCutoff));
    }
    return List.copyOf(chain);
  }

  private static AcceptanceModel load(Path path) {
    try {
      return AcceptanceModel.fromJson(Files.readString(path));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(path.toString(), "not an acceptance model file: " + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "VerificationConfig[enabled=" + enabled + ", rules=" + rules + ", acceptanceModel="
        + acceptanceModel + (acceptanceModelPath == null ? "" : " " + acceptanceModelPath)
        + ", cutoff=" + acceptanceCutoff + "]";
  }
}
