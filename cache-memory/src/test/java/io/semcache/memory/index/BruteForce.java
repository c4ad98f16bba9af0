package io.semcache.memory.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/** The reference answer: every stored vector scored in double precision, sorted. */
final class BruteForce {

  private BruteForce() {}

  static List<ScoredKey> search(Map<Long, float[]> stored, float[] query, int k,
      LongPredicate accept) {
    List<ScoredKey> all = new ArrayList<>();
    for (Map.Entry<Long, float[]> e : stored.entrySet()) {
      if (accept.test(e.getKey())) {
        all.add(new ScoredKey(e.getKey(), TestVectors.dot(query, e.getValue())));
      }
    }
    all.sort(Comparator.comparingDouble(ScoredKey::score).reversed());
    return all.subList(0, Math.min(k, all.size()));
  }
}
