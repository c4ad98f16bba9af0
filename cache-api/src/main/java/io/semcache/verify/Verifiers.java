package io.semcache.verify;

import io.semcache.HitVerifier;
import io.semcache.verify.ModelVerifierProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The built-in verifier chains. */
public final class Verifiers {

  /** The default cutoff of the default acceptance model; see the README for how it was chosen. */
  public static final double DEFAULT_ACCEPTANCE_CUTOFF = 0.6;

  private static final Logger LOG = LoggerFactory.getLogger(Verifiers.class);

  private Verifiers() {}

  /** The rule verifiers, cheapest first: polarity, numbers, names, word order. */
  public static List<HitVerifier> rules() {
    return List.of(new PolarityVerifier(), new NumberVerifier(), new NameVerifier(),
        new WordOrderVerifier());
  }

  /**
   * The first rule verifier's reason to refuse the pair, or null when every rule accepts it: for
   * tools that judge many pairs without a cache.
   */
  public static @Nullable String ruleRefusal(String query, String candidate) {
    PromptText a = PromptText.of(query);
    PromptText b = PromptText.of(candidate);
    for (HitVerifier rule : rules()) {
      String reason = ((PromptRule) rule).refusal(a, b);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  /**
   * The default chain: the rules, the default acceptance model at its default cutoff, then the
   * cross-encoder (semcache-embedding's, found with {@link ServiceLoader} through {@link
   * ModelVerifierProvider}) at its default cutoff when its model is provisioned; without it, a
   * warning is logged once and the chain ends with the acceptance model. See the README ("Hit
   * verification") for how the chain was chosen.
   */
  public static List<HitVerifier> defaults() {
    List<HitVerifier> chain = new ArrayList<>(rules());
    chain.add(new AcceptanceVerifier(DefaultModel.ACCEPTANCE, DEFAULT_ACCEPTANCE_CUTOFF));
    DefaultModel.CROSS_ENCODER.ifPresent(chain::add);
    return List.copyOf(chain);
  }

  /** The model verifier provider on the classpath (the first found), if any. */
  public static Optional<ModelVerifierProvider> modelVerifierProvider() {
    return ServiceLoader.load(ModelVerifierProvider.class, Verifiers.class.getClassLoader())
        .findFirst();
  }

  /** Loads the default models once, when first needed; they live as long as the JVM. */
  private static final class DefaultModel {
    static final AcceptanceModel ACCEPTANCE = AcceptanceModel.defaultModel();
    static final Optional<HitVerifier> CROSS_ENCODER = load();

    private static Optional<HitVerifier> load() {
      Optional<ModelVerifierProvider> provider = modelVerifierProvider();
      if (provider.isPresent() && provider.get().available()) {
        try {
          return Optional.of(provider.get().create(null, provider.get().defaultCutoff()));
        } catch (RuntimeException e) {
          LOG.warn("the default {} verifier could not be loaded ({}); the default chain runs"
              + " without it", provider.get().name(), e.getMessage());
        }
      } else {
        LOG.warn("no cross-encoder verifier is {} (semcache-embedding on the classpath and"
            + " scripts/provision-model.sh); the default chain runs without it",
            provider.isPresent() ? "provisioned" : "on the classpath");
      }
      return Optional.empty();
    }
  }
}
