package io.semcache.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.semcache.tools.AcceptanceModelTrainer.Example;
import io.semcache.verify.AcceptanceModel;
import io.semcache.verify.PromptText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AcceptanceModelTrainerTest {

  @Test
  void learnsThatHigherSimilarityAndOverlapMeanAccept() {
    List<Example> examples = new ArrayList<>();
    Random random = new Random(7);
    String[] topics = {"password", "invoice", "refund", "shipping", "account", "printer"};
    for (int i = 0; i < 600; i++) {
      String topic = topics[i % topics.length];
      boolean same = random.nextBoolean();
      double similarity = same ? 0.85 + random.nextDouble() * 0.15 : 0.6 + random.nextDouble() * 0.3;
      String candidate = same ? "how can I fix my " + topic : "how do I fix my " + topics[(i + 1) % topics.length];
      examples.add(new Example("how do I fix my " + topic, candidate, similarity, same));
    }
    AcceptanceModel model = AcceptanceModelTrainer.fit(examples, 1.0, "synthetic");

    double same = model.probability(PromptText.of("how do I fix my printer"),
        PromptText.of("how can I fix my printer"), 0.95);
    double different = model.probability(PromptText.of("how do I fix my printer"),
        PromptText.of("how do I fix my invoice"), 0.80);
    assertThat(same).isGreaterThan(0.9);
    assertThat(different).isLessThan(0.1);
  }

  @Test
  void jsonRoundTripKeepsEveryParameter() {
    List<Example> examples = List.of(
        new Example("a b c", "a b c", 0.99, true), new Example("a b c", "a b d", 0.97, true),
        new Example("a b c", "x y z", 0.5, false), new Example("p q", "r s", 0.4, false));
    AcceptanceModel model = AcceptanceModelTrainer.fit(examples, 1.0,
        "tiny \"quoted\" \\ back\\slashed, tab\t and ] bracket");
    AcceptanceModel copy = AcceptanceModel.fromJson(model.toJson());
    assertThat(copy.description()).isEqualTo(model.description());
    PromptText q = PromptText.of("a b c");
    PromptText c = PromptText.of("a b d");
    assertThat(copy.probability(q, c, 0.9)).isCloseTo(model.probability(q, c, 0.9), within(1e-12));
    assertThat(copy.explain()).isEqualTo(model.explain());
  }

  @Test
  void examplesOfOneLabelOnlyAreRejected() {
    assertThatThrownBy(() -> AcceptanceModelTrainer.fit(
        List.of(new Example("a", "b", 0.9, true)), 1.0, "one label"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both accepted");
  }
}
