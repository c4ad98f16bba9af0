package io.semcache.verify;

import io.semcache.HitVerifier;
import io.semcache.spi.ModelVerifierProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The built-in verifier chains. */
public final class Verifiers {

  /** The default cutoff of the default acceptance model; see the README for how it was chosen. */
  public static final double DEFAULT_ACCEPTANCE_CUTOFF = 0.6;

  private static final Logger LOG = LoggerFactory.getLogger(Verifiers.class);

  private Verifiers() {}

  /** The rule verifiers, cheapest first: polarity, numbers, names. */
  public static List<HitVerifier> rules() {
    return List.of(new PolarityVerifier(), new NumberVerifier(), new NameVerifier());
  }

  /**
   * The default chain: the rules, then the cross-encoder (semcache-embedding's, found with
   * {@link ServiceLoader} through {@link ModelVerifierProvider}) at its default cutoff when its
   * model is provisioned; otherwise the default acceptance model at its default cutoff, with a
   * warning logged once. See the README ("Hit verification") for how the chain was chosen.
   */
  public static List<HitVerifier> defaults() {
    List<HitVerifier> chain = new ArrayList<>(rules());
    chain.add(DefaultModel.INSTANCE);
    return List.copyOf(chain);
  }

  /** The model verifier provider on the classpath (the first found), if any. */
  public static Optional<ModelVerifierProvider> modelVerifierProvider() {
    return ServiceLoader.load(ModelVerifierProvider.class, Verifiers.class.getClassLoader())
        .findFirst();
  }

  /** Loads the default model verifier once, when first needed; it lives as long as the JVM. */
  private static final class DefaultModel {
    static final HitVerifier INSTANCE = load();

    private static HitVerifier load() {
      Optional<ModelVerifierProvider> provider = modelVerifierProvider();
      if (provider.isPresent() && provider.get().available()) {
        try {
          return provider.get().create(null, provider.get().defaultCutoff());
        } catch (RuntimeException e) {
          LOG.warn("the default {} verifier could not be loaded ({}); the default chain uses the"
              + " acceptance model instead", provider.get().name(), e.getMessage());
        }
      } else {
        LOG.warn("no cross-encoder verifier is {} (semcache-embedding on the classpath and"
            + " scripts/provision-model.sh); the default chain uses the acceptance model instead",
            provider.isPresent() ? "provisioned" : "on the classpath");
      }
      return new AcceptanceVerifier(AcceptanceModel.defaultModel(), DEFAULT_ACCEPTANCE_CUTOFF);
    }
  }
}
