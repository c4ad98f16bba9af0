package io.semcache.verify;

import io.semcache.HitVerifier;
import java.util.Locale;
import java.util.Objects;

/**
 * Accepts a candidate when the {@link AcceptanceModel} gives it at least {@code cutoff}
 * probability of being the right answer.
 */
public final class AcceptanceVerifier implements HitVerifier {

  public static final String NAME = "acceptance-model";

  private final AcceptanceModel model;
  private final double cutoff;

  /** @throws IllegalArgumentException if {@code cutoff} is outside [0, 1] */
  public AcceptanceVerifier(AcceptanceModel model, double cutoff) {
    this.model = Objects.requireNonNull(model, "model");
    if (!(cutoff >= 0 && cutoff <= 1)) {
      throw new IllegalArgumentException("cutoff: expected a probability in [0, 1], got "
          + cutoff);
    }
    this.cutoff = cutoff;
  }

  @Override
  public String name() {
    return NAME;
  }

  public double cutoff() {
    return cutoff;
  }

  public AcceptanceModel model() {
    return model;
  }

  @Override
  public Verdict verify(VerificationInput input) {
    double p = model.probability(PromptText.of(input.query()), PromptText.of(input.candidate()),
        input.similarity());
    return p >= cutoff ? Verdict.accept()
        : Verdict.reject(String.format(Locale.ROOT, "acceptance probability %.3f < %.3f", p,
            cutoff));
  }
}
