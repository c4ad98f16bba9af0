package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.Embedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On ../shared/data/paraphrase-pairs.json, a pair's origin is closer to its own paraphrase than to
 * the paraphrase of a randomly drawn other pair, in at least 95 % of pairs.
 */
class ParaphraseSemanticsTest {

  private static final long SEED = 20240917L;
  private static final double MIN_RATE = 0.95;

  @ParameterizedTest
  @EnumSource(EmbeddingEngine.class)
  void paraphrasesScoreAboveRandomOtherPairs(EmbeddingEngine engine) {
    DjlEmbedderConfig.Builder config = DjlEmbedderConfig.builder().engine(engine);
    if (engine == EmbeddingEngine.PYTORCH) {
      config.modelDirectory(ModelFixture.pytorchModelDirectory());
    } else {
      config.bundledOnnxModel();
    }
    assertParaphrasesWin(config.build(), engine.toString());
  }

  @ParameterizedTest
  @EnumSource(value = BundledModel.class, names = "ALL_MINILM_L6_V2",
      mode = EnumSource.Mode.EXCLUDE)
  void paraphrasesScoreAboveRandomOtherPairsWithEveryBundledModel(BundledModel model) {
    assertParaphrasesWin(
        DjlEmbedderConfig.builder().bundledOnnxModel(model).build(), model.id());
  }

  private static void assertParaphrasesWin(DjlEmbedderConfig config, String label) {
    List<ModelFixture.ParaphrasePair> pairs = ModelFixture.paraphrasePairs();
    List<Embedding> origins;
    List<Embedding> similars;
    try (DjlSentenceEmbedder embedder = DjlSentenceEmbedder.create(config)) {
      origins = embedder.embedAll(pairs.stream().map(p -> p.origin()).collect(Collectors.toList()));
      similars =
          embedder.embedAll(pairs.stream().map(p -> p.similar()).collect(Collectors.toList()));
    }
    Random random = new Random(SEED);
    int wins = 0;
    List<String> losses = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      int other = random.nextInt(pairs.size() - 1);
      if (other >= i) {
        other++;
      }
      double own = origins.get(i).cosine(similars.get(i));
      double foreign = origins.get(i).cosine(similars.get(other));
      if (own > foreign) {
        wins++;
      } else if (losses.size() < 5) {
        losses.add(String.format("%.3f <= %.3f: %s", own, foreign, pairs.get(i).origin()));
      }
    }
    double rate = (double) wins / pairs.size();
    System.out.printf(
        "paraphrase pairs (%s): own paraphrase beats a random other pair's in %d of %d (%.2f %%)%n",
        label, wins, pairs.size(), 100 * rate);
    assertThat(rate).as("rate; first losses: %s", losses).isGreaterThanOrEqualTo(MIN_RATE);
  }
}
