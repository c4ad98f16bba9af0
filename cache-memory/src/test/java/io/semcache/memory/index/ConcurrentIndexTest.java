package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several threads put, remove and search at once. No operation may throw, no search may return a
 * key whose removal had completed before the search began, and a thread's search filtered to a key it
 * put (and has not removed) finds that key with the vector it put (read your writes, also while the
 * graph absorbs it). Keys are never reused, so "removed" is permanent.
 */
class ConcurrentIndexTest {

  private static final int DIMENSION = 32;
  private static final int THREADS = 6;
  private static final int OPERATIONS_PER_THREAD = 6000;

  @ParameterizedTest
  @ValueSource(strings = {"exact", "hnsw", "adaptive", "buffered"})
  void concurrentSearchesPutsAndRemovesNeverReturnRemovedKeys(String kind) throws Exception {
    ExecutorService builds = Executors.newSingleThreadExecutor();
    Supplier<VectorIndex> factory = switch (kind) {
      case "exact" -> () -> VectorIndexes.exact(DIMENSION);
      case "hnsw" -> () -> VectorIndexes.hnsw(DIMENSION, new HnswOptions(8, 40, 40));
      // A small limit, so that writers also apply batches themselves alongside the absorber.
      case "buffered" -> () -> new BufferedHnswIndex(new HnswVectorIndex(DIMENSION,
          new HnswOptions(8, 40, 40), DotProducts.preferred(), 7), DotProducts.preferred(),
          builds, 32);
      default -> () -> VectorIndexes.adaptive(DIMENSION, AdaptiveIndexOptions.defaults()
          .withThresholds(600, 300).withHnsw(new HnswOptions(8, 40, 40))
          .withBuildExecutor(builds));
    };
    VectorIndex index = factory.get();
    AtomicLong clock = new AtomicLong();
    Map<Long, Long> removedAt = new ConcurrentHashMap<>();
    AtomicLong searches = new AtomicLong();
    ExecutorService workers = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        long firstKey = (long) t << 32;
        SplittableRandom random = new SplittableRandom(t);
        done.add(workers.submit(() -> {
          start.await();
          List<Long> mine = new ArrayList<>();
          long nextKey = firstKey;
          for (int op = 0; op < OPERATIONS_PER_THREAD; op++) {
            int action = random.nextInt(10);
            // Grow to ~1000 entries, then hover around 400: the adaptive index switches both ways.
            boolean growing = op < OPERATIONS_PER_THREAD / 3;
            if (action < (growing ? 5 : 3) || mine.isEmpty()) {
              float[] vector = TestVectors.randomUnit(random, DIMENSION);
              index.put(nextKey, vector);
              mine.add(nextKey++);
              if (op % 4 == 0) {
                long key = mine.get(random.nextInt(mine.size()));
                float[] own = key == nextKey - 1 ? vector : null;
                List<ScoredKey> hit = index.search(
                    own != null ? own : TestVectors.randomUnit(random, DIMENSION), 1, k -> k == key);
                assertThat(hit).as("own key %d, not removed", key).singleElement()
                    .satisfies(h -> {
                      assertThat(h.key()).isEqualTo(key);
                      if (own != null) {
                        assertThat(h.score()).isCloseTo(1f, within(1e-4f));
                      }
                    });
              }
            } else if (action < (growing ? 6 : 5) && mine.size() > (growing ? 0 : 60)) {
              long key = mine.remove(random.nextInt(mine.size()));
              assertThat(index.remove(key)).isTrue();
              removedAt.put(key, clock.incrementAndGet());
            } else {
              long began = clock.get();
              List<ScoredKey> hits =
                  index.search(TestVectors.randomUnit(random, DIMENSION), 5, key -> true);
              searches.incrementAndGet();
              for (ScoredKey hit : hits) {
                Long removed = removedAt.get(hit.key());
                assertThat(removed == null || removed > began)
                    .as("key %d removed at %d returned by a search begun at %d", hit.key(),
                        removed, began)
                    .isTrue();
              }
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      workers.shutdownNow();
      builds.shutdown();
    }
    assertThat(searches.get()).isGreaterThan(1000);
    assertThat(index.size()).isPositive();
  }
}
