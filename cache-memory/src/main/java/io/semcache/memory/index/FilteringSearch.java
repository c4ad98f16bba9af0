package io.semcache.memory.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * The filtered search both indexes share. The index finds unfiltered candidates under its read lock;
 * {@code accept} then runs outside any lock, so a predicate that calls back into the index (a cache
 * read that evicts and removes a key) cannot deadlock. When too many candidates are rejected the
 * search asks again for four times as many, until it has {@code k} or the index has no more.
 */
abstract class FilteringSearch implements VectorIndex {

  /** Candidates asked for beyond {@code k} in the first round, so a few rejections cost no retry. */
  static final int SLACK = 8;

  /**
   * Returns at least {@code min(want, size())} live keys nearest to {@code query}, best first (more
   * is allowed), or all live keys with {@code complete} set.
   */
  abstract Candidates nearest(float[] query, int want);

  @Override
  public final List<ScoredKey> search(float[] unitQuery, int k, LongPredicate accept) {
    Vectors.requireUnit(unitQuery, dimension(), "unitQuery");
    Vectors.requireK(k);
    Objects.requireNonNull(accept, "accept");
    int want = k + SLACK;
    while (true) {
      Candidates found = nearest(unitQuery, want);
      List<ScoredKey> results = new ArrayList<>(Math.min(k, found.count()));
      for (int i = 0; i < found.count() && results.size() < k; i++) {
        if (accept.test(found.keys()[i])) {
          results.add(new ScoredKey(found.keys()[i], found.scores()[i]));
        }
      }
      if (results.size() == k || found.complete()) {
        return results;
      }
      want = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(want, found.count()) * 4L);
    }
  }
}
