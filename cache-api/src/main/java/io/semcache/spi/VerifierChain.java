package io.semcache.spi;

import io.semcache.HitVerifier;
import io.semcache.HitVerifier.VerificationInput;
import io.semcache.HitVerifier.Verdict;
import io.semcache.Partition;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Runs a cache's verifiers in order; the first refusal decides. */
final class VerifierChain {

  /** What the first refusing verifier said. */
  record Refusal(String verifier, String reason) {}

  private final List<HitVerifier> verifiers;
  private final BiConsumer<Partition, String> onRejection;
  private final Consumer<RuntimeException> onFailure;

  VerifierChain(List<HitVerifier> verifiers, BiConsumer<Partition, String> onRejection,
      Consumer<RuntimeException> onFailure) {
    this.verifiers = List.copyOf(verifiers);
    this.onRejection = onRejection;
    this.onFailure = onFailure;
  }

  boolean isEmpty() {
    return verifiers.isEmpty();
  }

  /** Null when every verifier accepts; otherwise the first refusal. */
  @Nullable Refusal check(Partition partition, String query, String candidate, double similarity) {
    if (verifiers.isEmpty()) {
      return null;
    }
    VerificationInput input = new VerificationInput(partition, query, candidate, similarity);
    for (HitVerifier verifier : verifiers) {
      Verdict verdict;
      try {
        verdict = verifier.verify(input);
      } catch (RuntimeException e) {
        // A broken verifier must not let a possibly wrong answer through.
        onFailure.accept(e);
        verdict = Verdict.reject("verifier failed: " + e);
      }
      if (verdict == null || !verdict.accepted()) {
        onRejection.accept(partition, verifier.name());
        return new Refusal(verifier.name(), verdict == null ? "verifier returned null"
            : verdict.reason());
      }
    }
    return null;
  }
}
