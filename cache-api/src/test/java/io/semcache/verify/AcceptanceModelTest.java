package io.semcache.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AcceptanceModelTest {

  @Test
  void escapedQuotesAndBracketsInTermsSurviveTheFile() {
    AcceptanceModel shipped = AcceptanceModel.defaultModel();
    String json = shipped.toJson().replaceFirst("\"document_frequencies\": \\[",
        "\"document_frequencies\": [\"say \\\\\"hi\\\\\" [x]\\\\t\\\\\\\\ 3\",");
    AcceptanceModel read = AcceptanceModel.fromJson(json);
    assertThat(read.rarity().entries()).contains("say \"hi\" [x]\t\\ 3");
  }

  @Test
  void theShippedModelLoadsAndRanksAParaphraseAboveAFlip() {
    AcceptanceModel model = AcceptanceModel.defaultModel();
    double paraphrase = model.probability(PromptText.of("How do I reset my password?"),
        PromptText.of("How can I reset my password?"), 0.99);
    double other = model.probability(PromptText.of("How do I learn Haskell?"),
        PromptText.of("How do I learn Erlang?"), 0.85);
    assertThat(paraphrase).isGreaterThan(other);
    assertThat(model.description()).contains("qqp-dev");
  }

  @Test
  void badInputIsRejectedClearly() {
    assertThatThrownBy(() -> AcceptanceModel.fromJson("{}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("description");
    assertThatThrownBy(() -> new AcceptanceVerifier(AcceptanceModel.defaultModel(), 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cutoff");
  }
}
