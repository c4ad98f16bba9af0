package io.semcache.verify;

import io.semcache.HitVerifier;
import java.util.ArrayList;
import java.util.List;

/** The built-in verifier chains. */
public final class Verifiers {

  /** The default cutoff of the default acceptance model; see the README for how it was chosen. */
  public static final double DEFAULT_ACCEPTANCE_CUTOFF = 0.6;

  private Verifiers() {}

  /** The rule verifiers, cheapest first: polarity, numbers, names. */
  public static List<HitVerifier> rules() {
    return List.of(new PolarityVerifier(), new NumberVerifier(), new NameVerifier());
  }

  /** The default chain: the rules, then the default acceptance model at its default cutoff. */
  public static List<HitVerifier> defaults() {
    List<HitVerifier> chain = new ArrayList<>(rules());
    chain.add(new AcceptanceVerifier(DefaultModel.INSTANCE, DEFAULT_ACCEPTANCE_CUTOFF));
    return List.copyOf(chain);
  }

  /** Loads the default model once, when first needed. */
  private static final class DefaultModel {
    static final AcceptanceModel INSTANCE = AcceptanceModel.defaultModel();
  }
}
