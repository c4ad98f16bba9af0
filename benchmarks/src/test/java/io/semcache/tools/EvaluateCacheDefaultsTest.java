package io.semcache.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.embedding.CrossEncoderProvider;
import io.semcache.verify.Verifiers;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluation's {@code --verification default} is the chain a cache built with the library's
 * defaults runs, at the library's cutoffs, so that a user calibrating "the defaults" measures what
 * they will serve.
 */
class EvaluateCacheDefaultsTest {

  @Test
  void defaultVerificationIsTheLibrarysChainAtItsCutoffs() throws IOException {
    Verification verification = EvaluateCache.verification(Map.of());
    boolean crossEncoder = new CrossEncoderProvider().available();
    assertThat(verification.rules()).isTrue();
    assertThat(verification.model()).isNotNull();
    assertThat(verification.cutoff()).isEqualTo(Verifiers.DEFAULT_ACCEPTANCE_CUTOFF);
    assertThat(verification.crossEncoder() != null).as("cross-encoder in the chain")
        .isEqualTo(crossEncoder);
    if (crossEncoder) {
      assertThat(verification.crossEncoderCutoff()).isEqualTo(CrossEncoderProvider.DEFAULT_CUTOFF);
      assertThat(verification.sweptCutoff()).isEqualTo(CrossEncoderProvider.DEFAULT_CUTOFF);
      verification.crossEncoder().close();
    }
  }

  @Test
  void anExplicitCrossEncoderModeUsesTheLibrarysCutoffUnlessTold() throws IOException {
    if (!new CrossEncoderProvider().available()) {
      return; // nothing to load; CI provisions it (AdversarialPairsTest asserts that)
    }
    Verification byDefault = EvaluateCache.verification(Map.of("verification", "cross-encoder"));
    Verification told = EvaluateCache.verification(
        Map.of("verification", "cross-encoder", "cross-encoder-cutoff", "0.3"));
    try {
      assertThat(byDefault.crossEncoderCutoff()).isEqualTo(CrossEncoderProvider.DEFAULT_CUTOFF);
      assertThat(told.crossEncoderCutoff()).isEqualTo(0.3);
    } finally {
      byDefault.crossEncoder().close();
      told.crossEncoder().close();
    }
  }
}
