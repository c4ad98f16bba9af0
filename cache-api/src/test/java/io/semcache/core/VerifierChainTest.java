package io.semcache.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.HitVerifier;
import io.semcache.Partition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chain's batching: earlier verifiers see every surviving candidate in one call; the last one
 * sees the best survivor alone first, and the rest only if it refuses that one. The outcome is the
 * candidate-by-candidate one either way.
 */
class VerifierChainTest {

  private static final Partition PARTITION = Partition.of("t", "m");
  private static final List<String> CANDIDATES = List.of("c0", "c1", "c2", "c3");
  private static final double[] SIMILARITIES = {0.99, 0.98, 0.97, 0.96};

  /** Accepts the candidates it is given, recording the size of every call. */
  private static final class Recording implements HitVerifier {
    final String name;
    final Set<String> accepted;
    final List<List<String>> calls = new ArrayList<>();

    Recording(String name, Set<String> accepted) {
      this.name = name;
      this.accepted = accepted;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Verdict verify(VerificationInput input) {
      throw new AssertionError("the chain calls verifyAll");
    }

    @Override
    public List<Verdict> verifyAll(List<VerificationInput> inputs) {
      calls.add(inputs.stream().map(VerificationInput::candidate).toList());
      return inputs.stream().map(i -> accepted.contains(i.candidate()) ? Verdict.accept()
          : Verdict.reject("not " + i.candidate())).toList();
    }
  }

  private static VerifierChain chain(HitVerifier... verifiers) {
    return new VerifierChain(List.of(verifiers), (p, v) -> { }, e -> { });
  }

  @Test
  void theLastVerifierScoresOnlyTheBestSurvivorWhenItAcceptsIt() {
    Recording rules = new Recording("rules", Set.of("c1", "c2", "c3"));
    Recording model = new Recording("model", Set.of("c1", "c2", "c3"));
    VerifierChain.Outcome outcome = chain(rules, model).checkAll(PARTITION, "q", CANDIDATES,
        SIMILARITIES);
    assertThat(outcome.accepted()).isEqualTo(1);
    assertThat(outcome.refusals()).extracting(VerifierChain.Refusal::verifier)
        .containsExactly("rules");
    assertThat(rules.calls).containsExactly(CANDIDATES);
    assertThat(model.calls).containsExactly(List.of("c1"));
  }

  @Test
  void theLastVerifierSeesTheRestInOneCallWhenItRefusesTheBest() {
    Recording rules = new Recording("rules", Set.of("c0", "c1", "c2", "c3"));
    Recording model = new Recording("model", Set.of("c2", "c3"));
    VerifierChain.Outcome outcome = chain(rules, model).checkAll(PARTITION, "q", CANDIDATES,
        SIMILARITIES);
    assertThat(outcome.accepted()).isEqualTo(2);
    assertThat(outcome.refusals()).extracting(VerifierChain.Refusal::reason)
        .containsExactly("not c0", "not c1");
    assertThat(model.calls).containsExactly(List.of("c0"), List.of("c1", "c2", "c3"));
  }

  @Test
  void whenNothingIsAcceptedEveryRefusalIsReported() {
    Recording only = new Recording("only", Set.of());
    VerifierChain.Outcome outcome = chain(only).checkAll(PARTITION, "q", CANDIDATES, SIMILARITIES);
    assertThat(outcome.accepted()).isEqualTo(-1);
    assertThat(outcome.refusals()).extracting(VerifierChain.Refusal::reason)
        .containsExactly("not c0", "not c1", "not c2", "not c3");
    assertThat(only.calls).containsExactly(List.of("c0"), List.of("c1", "c2", "c3"));
  }
}
