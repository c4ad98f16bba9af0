package io.semcache.config;

import io.semcache.HitVerifier;
import io.semcache.verify.AcceptanceModel;
import io.semcache.verify.AcceptanceVerifier;
import io.semcache.verify.ModelVerifierProvider;
import io.semcache.verify.Verifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code semantic_cache.verification} block: which hit verifiers run.
 *
 * <pre>{@code
 * verification:
 *   enabled: true                          # false: similarity alone decides
 *   rules: [polarity, numbers, names, word-order]  # any subset, in this order
 *   cross_encoder:                         # needs semcache-embedding on the classpath
 *     enabled: true                        # default: on when its model is provisioned
 *     path: /models/my-cross-encoder       # default: the provisioned one
 *     cutoff: 0.1
 *     quantization: none                   # or int8: model-int8.pt (faster, measured loss)
 *   acceptance_model:
 *     enabled: true
 *     path: my-acceptance-model.json       # default: the built-in model
 *     cutoff: 0.6
 * }</pre>
 *
 * @param enabled false turns every verifier off
 * @param rules the rule verifiers to run, by name
 * @param acceptanceModel whether the acceptance model runs; null: yes (the default)
 * @param acceptanceModelPath a model file fitted with the calibration command; null for the
 *     built-in model
 * @param acceptanceCutoff the probability at or above which the model accepts
 * @param crossEncoder whether the cross-encoder runs (without a path and with no provisioned
 *     model it is skipped)
 * @param crossEncoderPath a cross-encoder model directory; null for the provisioned one
 * @param crossEncoderCutoff the probability at or above which the cross-encoder accepts
 * @param crossEncoderQuantization which export of the cross-encoder runs ({@code none}, the
 *     default, or {@code int8}; see {@link ModelVerifierProvider#quantizations()})
 */
public record VerificationConfig(boolean enabled, List<String> rules,
    @Nullable Boolean acceptanceModel, @Nullable Path acceptanceModelPath,
    double acceptanceCutoff, boolean crossEncoder, @Nullable Path crossEncoderPath,
    double crossEncoderCutoff, String crossEncoderQuantization) {

  /** Rule verifier names, in the order they run. */
  public static final List<String> RULES =
      Verifiers.rules().stream().map(HitVerifier::name).toList();

  /** The export the cross-encoder runs unless the block names another. */
  private static final String DEFAULT_QUANTIZATION = "none";

  /** The default cross-encoder cutoff when no provider says otherwise. */
  private static final double CROSS_ENCODER_CUTOFF =
      Verifiers.modelVerifierProvider().map(ModelVerifierProvider::defaultCutoff).orElse(0.5);

  /** The default chain: rules, the acceptance model, the cross-encoder when provisioned. */
  public static final VerificationConfig DEFAULTS = new VerificationConfig(true, RULES, null, null,
      Verifiers.DEFAULT_ACCEPTANCE_CUTOFF, true, null, CROSS_ENCODER_CUTOFF,
      DEFAULT_QUANTIZATION);

  public VerificationConfig {
    rules = checkRules(rules);
    checkCutoff("acceptanceCutoff", acceptanceCutoff);
    checkCutoff("crossEncoderCutoff", crossEncoderCutoff);
    checkQuantization("crossEncoderQuantization", crossEncoderQuantization);
  }

  /** One of the provider's exports; without a provider only the default. */
  private static String checkQuantization(String option, String quantization) {
    java.util.Objects.requireNonNull(quantization, option);
    List<String> known = Verifiers.modelVerifierProvider()
        .map(ModelVerifierProvider::quantizations).orElse(List.of(DEFAULT_QUANTIZATION));
    if (!known.contains(quantization)) {
      throw new IllegalArgumentException(option + ": expected one of " + known + ", got '"
          + quantization + "'");
    }
    return quantization;
  }

  /** The rule names, each once, in the given order. */
  private static List<String> checkRules(List<String> rules) {
    for (String rule : rules) {
      if (!RULES.contains(rule)) {
        throw new IllegalArgumentException("rules: expected names among " + RULES + ", got '"
            + rule + "'");
      }
    }
    return List.copyOf(new LinkedHashSet<>(rules));
  }

  private static double checkCutoff(String option, double cutoff) {
    if (!(cutoff >= 0 && cutoff <= 1)) {
      throw new IllegalArgumentException(option + ": expected a probability in [0, 1], got "
          + cutoff);
    }
    return cutoff;
  }

  /** Reads the block; each value is checked by the rule the constructor applies. */
  static VerificationConfig read(ConfigSection block) {
    boolean enabled = block.get("enabled", ConfigType.BOOL).orElse(true);
    List<String> rules = block.get("rules", ConfigType.listOf(ConfigType.STRING))
        .flatMap(names -> block.attempt("rules", () -> checkRules(names))).orElse(RULES);
    ConfigSection model = block.sectionOrEmpty("acceptance_model");
    Boolean modelEnabled = model.get("enabled", ConfigType.BOOL).orElse(null);
    Path path = model.get("path", ConfigType.PATH).orElse(null);
    double cutoff = model.get("cutoff", ConfigType.DOUBLE)
        .flatMap(c -> model.attempt("cutoff", () -> checkCutoff("cutoff", c)))
        .orElse(Verifiers.DEFAULT_ACCEPTANCE_CUTOFF);
    if (path != null && !Files.isRegularFile(path)) {
      model.problem("path", "expected an acceptance model file, but " + path + " does not exist");
    }
    model.rejectUnknownKeys();
    ConfigSection cross = block.sectionOrEmpty("cross_encoder");
    boolean crossEnabled = cross.get("enabled", ConfigType.BOOL).orElse(true);
    Path crossPath = cross.get("path", ConfigType.PATH).orElse(null);
    double crossCutoff = cross.get("cutoff", ConfigType.DOUBLE)
        .flatMap(c -> cross.attempt("cutoff", () -> checkCutoff("cutoff", c)))
        .orElse(CROSS_ENCODER_CUTOFF);
    String quantization = cross.get("quantization", ConfigType.STRING)
        .flatMap(q -> cross.attempt("quantization", () -> checkQuantization("quantization", q)))
        .orElse(DEFAULT_QUANTIZATION);
    if (crossPath != null && !Files.isDirectory(crossPath)) {
      cross.problem("path", "expected a cross-encoder model directory, but " + crossPath
          + " is not one");
    }
    if (crossPath != null && Verifiers.modelVerifierProvider().isEmpty()) {
      cross.problem("path", "expected semcache-embedding on the classpath to run a cross-encoder");
    }
    cross.rejectUnknownKeys();
    block.rejectUnknownKeys();
    return new VerificationConfig(enabled, rules, modelEnabled, path, cutoff, crossEnabled,
        crossPath, crossCutoff, quantization);
  }

  /**
   * The verifier chain this configuration describes.
   *
   * @throws ConfigException if the model file cannot be read or parsed, or a configured
   *     cross-encoder cannot be loaded
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
    if (acceptanceModel == null || acceptanceModel) {
      AcceptanceModel model = acceptanceModelPath == null ? AcceptanceModel.defaultModel()
          : load(acceptanceModelPath);
      chain.add(new AcceptanceVerifier(model, acceptanceCutoff));
    }
    if (crossEncoder) {
      Optional<ModelVerifierProvider> provider = Verifiers.modelVerifierProvider();
      if (crossEncoderPath != null || (provider.isPresent() && provider.get().available())) {
        try {
          chain.add(provider.orElseThrow().create(crossEncoderPath, crossEncoderCutoff,
              crossEncoderQuantization));
        } catch (RuntimeException e) {
          throw new ConfigException(String.valueOf(crossEncoderPath),
              "the cross-encoder could not be loaded: " + e.getMessage(), e);
        }
      }
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
        + (acceptanceModel == null || acceptanceModel)
        + (acceptanceModelPath == null ? "" : " " + acceptanceModelPath)
        + ", cutoff=" + acceptanceCutoff + ", crossEncoder=" + crossEncoder
        + (crossEncoderPath == null ? "" : " " + crossEncoderPath)
        + ", crossEncoderCutoff=" + crossEncoderCutoff
        + ", crossEncoderQuantization=" + crossEncoderQuantization + "]";
  }
}
