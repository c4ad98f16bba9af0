package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class HnswVectorIndexTest {

  private static final int DIMENSION = 64;
  private final SplittableRandom random = new SplittableRandom(23);
  private final TestVectors.Corpus corpus = new TestVectors.Corpus(DIMENSION, 50, 29);
  private final HnswVectorIndex index =
      new HnswVectorIndex(DIMENSION, HnswOptions.defaults(), DotProducts.preferred(), 1);
  private final Map<Long, float[]> stored = new HashMap<>();

  @Test
  void findsEachStoredVectorAndItsParaphrases() {
    fill(0, 5000);
    assertThat(paraphraseTop1Agreement(500)).isGreaterThanOrEqualTo(0.99);
    for (long key = 0; key < 5000; key += 97) {
      assertThat(index.search(stored.get(key), 1, k -> true).get(0).key()).isEqualTo(key);
    }
  }

  @Test
  void aWalkOverInt8CodesReturnsFloatScoresAndTheFloatWalksTopHit() {
    assumeTrue(DotProducts.int8ForWalk(DIMENSION) != null, "no Vector API: the walk uses floats");
    fill(0, 5000);
    System.setProperty(DotProducts.WALK_PROPERTY, "float");
    HnswVectorIndex floats;
    try {
      floats = new HnswVectorIndex(DIMENSION, HnswOptions.defaults(), DotProducts.preferred(), 1);
    } finally {
      System.clearProperty(DotProducts.WALK_PROPERTY);
    }
    stored.forEach(floats::put);
    int same = 0;
    for (int q = 0; q < 300; q++) {
      float[] query = corpus.paraphrase(stored.get((long) random.nextInt(5000)));
      List<ScoredKey> hits = index.search(query, 5, k -> true);
      // Re-ranked: every score is the float dot product, not the codes' estimate.
      for (ScoredKey hit : hits) {
        assertThat(hit.score()).isEqualTo(
            DotProducts.preferred().dot(query, 0, stored.get(hit.key()), 0, DIMENSION));
      }
      if (hits.get(0).key() == floats.search(query, 1, k -> true).get(0).key()) {
        same++;
      }
    }
    assertThat(same).isGreaterThanOrEqualTo(297);
  }

  @Test
  void theBoundedReRankReturnsWhatScoringTheWholeBeamReturns() {
    assumeTrue(DotProducts.int8ForWalk(DIMENSION) != null, "no Vector API: the walk uses floats");
    fill(0, 3000);
    // Rings of near-ties: around each centre, 60 vectors whose cosines to it differ by less than
    // the codes' error, so the codes alone would rank them wrongly; the bound must keep them all.
    List<float[]> centres = new ArrayList<>();
    long key = 10_000;
    for (int c = 0; c < 20; c++) {
      float[] centre = corpus.next();
      centres.add(centre);
      for (int j = 0; j < 60; j++, key++) {
        float[] vector = atCosine(centre, 0.95 + j * 2e-5);
        index.put(key, vector);
        stored.put(key, vector);
      }
    }
    for (int want : new int[] {1, 5, 40}) {
      for (int q = 0; q < 300; q++) {
        float[] query = q < centres.size() ? centres.get(q)
            : q % 2 == 0 ? corpus.paraphrase(stored.get((long) random.nextInt(3000)))
            : corpus.next();
        index.rerankWholeBeam = true;
        List<ScoredKey> whole = index.search(query, want, k -> true);
        index.rerankWholeBeam = false;
        assertThat(index.search(query, want, k -> true)).as("want %d, query %d", want, q)
            .isEqualTo(whole);
      }
    }
  }

  /** A unit vector at cosine {@code cosine} to the unit vector {@code centre}, otherwise random. */
  private float[] atCosine(float[] centre, double cosine) {
    float[] side = TestVectors.randomUnit(random, DIMENSION);
    float along = TestVectors.dot(side, centre);
    for (int i = 0; i < DIMENSION; i++) {
      side[i] -= along * centre[i];
    }
    TestVectors.normalize(side);
    double sine = Math.sqrt(1 - cosine * cosine);
    float[] vector = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      vector[i] = (float) (cosine * centre[i] + sine * side[i]);
    }
    return TestVectors.normalize(vector);
  }

  @Test
  void removedKeysAreNeverReturnedAndTheirSlotsAreReused() {
    fill(0, 4000);
    for (long key = 0; key < 4000; key += 2) {
      assertThat(index.remove(key)).isTrue();
      stored.remove(key);
    }
    assertThat(index.remove(0)).isFalse();
    assertThat(index.size()).isEqualTo(2000);
    for (int q = 0; q < 200; q++) {
      for (ScoredKey hit : index.search(corpus.next(), 20, k -> true)) {
        assertThat(hit.key() % 2).as("removed key returned").isEqualTo(1);
      }
    }
    // The sweep keeps tombstones to a few percent of the graph and frees their slots...
    assertThat(index.tombstones()).isLessThan(4000 / 10);
    assertThat(index.slotsInUse()).isLessThan(2000 + 4000 / 10);
    // ...which new puts reuse instead of growing the graph.
    fill(10_000, 11_800);
    assertThat(index.slotsInUse()).isLessThanOrEqualTo(4000);
    assertThat(paraphraseTop1Agreement(500)).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void searchQualitySurvivesHeavyChurn() {
    fill(0, 5000);
    List<Long> live = new ArrayList<>(stored.keySet());
    long next = 5000;
    // Replace the whole content twice over, as a full cache does while evicting.
    for (int i = 0; i < 10_000; i++) {
      long victim = live.remove(random.nextInt(live.size()));
      assertThat(index.remove(victim)).isTrue();
      stored.remove(victim);
      float[] vector = corpus.next();
      index.put(next, vector);
      stored.put(next, vector);
      live.add(next++);
    }
    assertThat(index.size()).isEqualTo(5000);
    assertThat(index.slotsInUse()).isLessThan(5000 + 500);
    assertThat(paraphraseTop1Agreement(500)).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void filteredSearchFindsTheBestAcceptedKeys() {
    fill(0, 5000);
    // Half the keys rejected (say, expired but not yet removed): nearly always the exact answer.
    assertThat(filteredTop1Agreement(key -> (key & 1) == 0, 300)).isGreaterThanOrEqualTo(0.98);
    // A very selective filter falls back to scanning, so it is exact.
    assertThat(filteredTop1Agreement(key -> key % 500 == 0, 100)).isEqualTo(1.0);
    LongPredicate selective = key -> key % 500 == 0;
    List<ScoredKey> hits = index.search(corpus.next(), 20, selective);
    assertThat(hits).hasSize(10).allSatisfy(hit -> assertThat(hit.key() % 500).isZero());
  }

  @Test
  void replacingAKeyReturnsOnlyTheNewVector() {
    fill(0, 1000);
    float[] replacement = corpus.next();
    index.put(5, replacement);
    stored.put(5L, replacement);
    assertThat(index.size()).isEqualTo(1000);
    List<ScoredKey> hits = index.search(replacement, 3, k -> true);
    assertThat(hits.get(0).key()).isEqualTo(5);
    assertThat(hits.stream().filter(h -> h.key() == 5)).hasSize(1);
  }

  @Test
  void emptyingAndRefillingTheGraphWorks() {
    fill(0, 300);
    for (long key = 0; key < 300; key++) {
      index.remove(key);
      stored.remove(key);
    }
    assertThat(index.size()).isZero();
    assertThat(index.search(corpus.next(), 3, k -> true)).isEmpty();
    fill(1000, 1300);
    for (long key = 1000; key < 1300; key += 7) {
      assertThat(index.search(stored.get(key), 1, k -> true).get(0).key()).isEqualTo(key);
    }
    index.clear();
    assertThat(index.size()).isZero();
    assertThat(index.slotsInUse()).isZero();
    fill(0, 10);
    assertThat(index.search(stored.get(3L), 1, k -> true).get(0).key()).isEqualTo(3);
  }

  private void fill(long from, long to) {
    for (long key = from; key < to; key++) {
      float[] vector = corpus.next();
      index.put(key, vector);
      stored.put(key, vector);
    }
  }

  private double paraphraseTop1Agreement(int queries) {
    List<float[]> vectors = new ArrayList<>(stored.values());
    int agree = 0;
    for (int q = 0; q < queries; q++) {
      float[] query = corpus.paraphrase(vectors.get(random.nextInt(vectors.size())));
      long expected = BruteForce.search(stored, query, 1, k -> true).get(0).key();
      if (index.search(query, 1, k -> true).get(0).key() == expected) {
        agree++;
      }
    }
    return agree / (double) queries;
  }

  private double filteredTop1Agreement(LongPredicate accept, int queries) {
    int agree = 0;
    for (int q = 0; q < queries; q++) {
      float[] query = corpus.next();
      long expected = BruteForce.search(stored, query, 1, accept).get(0).key();
      List<ScoredKey> hits = index.search(query, 1, accept);
      assertThat(accept.test(hits.get(0).key())).isTrue();
      if (hits.get(0).key() == expected) {
        agree++;
      }
    }
    return agree / (double) queries;
  }
}
