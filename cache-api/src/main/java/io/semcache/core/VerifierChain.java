package io.semcache.core;

import io.semcache.Explanation;
import io.semcache.HitVerifier;
import io.semcache.HitVerifier.Verdict;
import io.semcache.HitVerifier.VerificationInput;
import io.semcache.Partition;
import java.util.ArrayList;
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
    Outcome outcome = checkAll(partition, query, List.of(candidate), new double[] {similarity});
    return outcome.accepted() == 0 ? null : outcome.refusals().get(0);
  }

  /**
   * What the chain decided for one lookup's candidates.
   *
   * @param accepted the index of the first candidate every verifier accepted; -1 if none
   * @param refusals the refusals of the candidates before it (all of them when none was accepted),
   *     in candidate order
   */
  record Outcome(int accepted, List<Refusal> refusals) {}

  /**
   * Runs the chain on a lookup's candidates, best first: each verifier sees, in one {@link
   * HitVerifier#verifyAll} call, the candidates every earlier verifier accepted, so a model
   * verifier scores them in one batch; the last verifier sees the best of them alone first. The
   * result is the one a candidate-by-candidate run would give: the first accepted candidate, and
   * only the refusals before it are reported and counted.
   */
  Outcome checkAll(Partition partition, String query, List<String> candidates,
      double[] similarities) {
    int n = candidates.size();
    if (verifiers.isEmpty()) {
      return new Outcome(n == 0 ? -1 : 0, List.of());
    }
    Refusal[] refused = new Refusal[n];
    List<Integer> alive = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      alive.add(i);
    }
    for (int v = 0; v < verifiers.size() && !alive.isEmpty(); v++) {
      HitVerifier verifier = verifiers.get(v);
      if (v == verifiers.size() - 1 && alive.size() > 1) {
        // The last verifier decides: its first acceptance is the hit, and nothing after it is
        // reported. So it sees the best candidate alone first (a hit usually needs no more;
        // a cross-encoder last in the chain then scores one pair, not four), and the rest in
        // one call only if it refuses that one.
        List<Integer> first = verify(verifier, partition, query, candidates, similarities,
            alive.subList(0, 1), refused);
        alive = !first.isEmpty() ? first : verify(verifier, partition, query, candidates,
            similarities, alive.subList(1, alive.size()), refused);
      } else {
        alive = verify(verifier, partition, query, candidates, similarities, alive, refused);
      }
    }
    int accepted = alive.isEmpty() ? -1 : alive.get(0);
    int end = accepted < 0 ? n : accepted;
    List<Refusal> refusals = new ArrayList<>(end);
    for (int i = 0; i < end; i++) {
      onRejection.accept(partition, refused[i].verifier());
      refusals.add(refused[i]);
    }
    return new Outcome(accepted, refusals);
  }

  /** {@code verifier} on the {@code alive} candidates in one call: those it accepts, in order. */
  private List<Integer> verify(HitVerifier verifier, Partition partition, String query,
      List<String> candidates, double[] similarities, List<Integer> alive, Refusal[] refused) {
    List<VerificationInput> inputs = new ArrayList<>(alive.size());
    for (int i : alive) {
      inputs.add(new VerificationInput(partition, query, candidates.get(i), similarities[i]));
    }
    List<Verdict> verdicts = run(verifier, inputs, onFailure);
    List<Integer> accepted = new ArrayList<>(alive.size());
    for (int k = 0; k < alive.size(); k++) {
      Verdict verdict = verdicts.get(k);
      int i = alive.get(k);
      if (verdict == null || !verdict.accepted()) {
        refused[i] = new Refusal(verifier.name(),
            verdict == null ? "verifier returned null" : verdict.reason());
      } else {
        accepted.add(i);
      }
    }
    return accepted;
  }

  /**
   * Every verifier's verdict on every candidate, in chain order, with no short cut and nothing
   * recorded: for an explanation.
   */
  List<List<Explanation.VerifierVerdict>> explainAll(Partition partition, String query,
      List<String> candidates, double[] similarities) {
    List<List<Explanation.VerifierVerdict>> byCandidate = new ArrayList<>(candidates.size());
    List<VerificationInput> inputs = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      byCandidate.add(new ArrayList<>(verifiers.size()));
      inputs.add(new VerificationInput(partition, query, candidates.get(i), similarities[i]));
    }
    for (HitVerifier verifier : verifiers) {
      List<Verdict> verdicts = run(verifier, inputs, e -> { });
      for (int i = 0; i < inputs.size(); i++) {
        Verdict verdict = verdicts.get(i);
        boolean accepted = verdict != null && verdict.accepted();
        byCandidate.get(i).add(new Explanation.VerifierVerdict(verifier.name(), accepted,
            verdict == null ? "verifier returned null" : accepted ? "" : verdict.reason()));
      }
    }
    return byCandidate;
  }

  /** One verifier on {@code inputs}; a failure refuses them all, since it must not let one by. */
  private static List<Verdict> run(HitVerifier verifier, List<VerificationInput> inputs,
      Consumer<RuntimeException> onFailure) {
    try {
      List<Verdict> verdicts = verifier.verifyAll(inputs);
      if (verdicts == null || verdicts.size() != inputs.size()) {
        throw new IllegalStateException("verifier " + verifier.name() + " returned "
            + (verdicts == null ? "null" : verdicts.size() + " verdicts") + " for "
            + inputs.size() + " candidates");
      }
      return verdicts;
    } catch (RuntimeException e) {
      onFailure.accept(e);
      return java.util.Collections.nCopies(inputs.size(),
          Verdict.reject("verifier failed: " + e));
    }
  }
}
