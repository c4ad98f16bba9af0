package io.semcache.tools;

import io.semcache.CacheKey;
import io.semcache.Embedder;
import io.semcache.Embedding;
import io.semcache.EntryId;
import io.semcache.LookupRequest;
import io.semcache.LookupResult;
import io.semcache.Partition;
import io.semcache.SemanticCache;
import io.semcache.StoreRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The two measurements of ../shared/data/README.md on any labelled pairs.
 *
 * <p><b>Pair measurement</b>: predict "duplicate" when similarity(a, b) >= threshold; precision,
 * recall and F1 over the labelled pairs.
 *
 * <p><b>Cache measurement</b>: every distinct {@code a} goes into a fresh cache; each pair looks up
 * {@code b} (with {@code b}'s own entry left out when {@code b} is also an {@code a}). A hit is
 * correct when the returned entry and {@code b} are labelled duplicates anywhere in the file. Each
 * lookup runs once with threshold 0 and records the best candidate the cache would serve; a
 * threshold {@code t} then hits exactly when that candidate's similarity is {@code >= t}, so one
 * pass gives the whole sweep (verifiers do not depend on the threshold).
 */
public final class QualityEvaluation {

  /** The partition every evaluated entry goes into. */
  static final Partition PARTITION = Partition.of("evaluation", "any-llm");

  private final List<LabeledPair> pairs;
  private final Map<String, Embedding> embeddings;
  private final Set<String> duplicates = new HashSet<>();
  private final double[] pairSimilarity;
  private final boolean[] pairDuplicate;
  private double @Nullable [] hitSimilarity;
  private @Nullable String @Nullable [] hitPrompt;

  private QualityEvaluation(List<LabeledPair> pairs, Map<String, Embedding> embeddings) {
    this.pairs = List.copyOf(pairs);
    this.embeddings = embeddings;
    this.pairSimilarity = new double[pairs.size()];
    this.pairDuplicate = new boolean[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      LabeledPair pair = pairs.get(i);
      pairSimilarity[i] = embeddings.get(pair.a()).cosine(embeddings.get(pair.b()));
      pairDuplicate[i] = pair.duplicate();
      if (pair.duplicate()) {
        duplicates.add(unordered(pair.a(), pair.b()));
      }
    }
  }

  /**
   * Embeds every distinct text of {@code pairs} in batches, {@code threads} batches at a time
   * (the embedder is thread-safe and pools its predictors), and scores the pairs.
   *
   * @param progress told the number of texts embedded so far
   */
  public static QualityEvaluation embed(List<LabeledPair> pairs, Embedder embedder,
      int batchSize, int threads, IntConsumer progress) {
    Set<String> texts = new LinkedHashSet<>();
    for (LabeledPair pair : pairs) {
      texts.add(pair.a());
      texts.add(pair.b());
    }
    List<String> ordered = texts.stream().filter(t -> !t.isBlank()).toList();
    Map<String, Embedding> embeddings = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> batches = new ArrayList<>();
      for (int from = 0; from < ordered.size(); from += batchSize) {
        List<String> batch = ordered.subList(from, Math.min(ordered.size(), from + batchSize));
        batches.add(pool.submit(() -> {
          List<Embedding> vectors = embedder.embedAll(batch);
          for (int i = 0; i < batch.size(); i++) {
            embeddings.put(batch.get(i), vectors.get(i));
          }
          progress.accept(done.addAndGet(batch.size()));
        }));
      }
      for (java.util.concurrent.Future<?> batch : batches) {
        batch.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while embedding", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("embedding failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<LabeledPair> usable = pairs.stream()
        .filter(p -> embeddings.containsKey(p.a()) && embeddings.containsKey(p.b())).toList();
    return new QualityEvaluation(usable, embeddings);
  }

  public int pairCount() {
    return pairs.size();
  }

  public int distinctTextCount() {
    return embeddings.size();
  }

  /**
   * Runs the cache measurement on an empty cache (the caller builds it with the backend, model
   * and verifiers to evaluate) and keeps each lookup's served candidate.
   *
   * @param progress told the number of pairs looked up so far
   */
  public void lookUpInCache(SemanticCache cache, IntConsumer progress) {
    Set<String> stored = new LinkedHashSet<>();
    for (LabeledPair pair : pairs) {
      stored.add(pair.a());
    }
    for (String a : stored) {
      cache.put(StoreRequest.builder(CacheKey.of(PARTITION, a), "response to: " + a)
          .embedding(embeddings.get(a)).ttl(java.time.Duration.ofDays(365)).build());
    }
    double[] similarity = new double[pairs.size()];
    String[] prompt = new String[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      String b = pairs.get(i).b();
      CacheKey key = CacheKey.of(PARTITION, b);
      Embedding embedding = embeddings.get(b);
      boolean leftOut = stored.contains(b);
      if (leftOut) {
        // An exact repeat says nothing about semantic matching: leave b's own entry out.
        cache.invalidate(EntryId.of(key));
      }
      LookupResult result = cache.lookup(LookupRequest.builder(key).threshold(0.0)
          .embedding(embedding).build());
      if (result instanceof LookupResult.Hit hit) {
        similarity[i] = hit.similarity();
        prompt[i] = hit.matchedPrompt();
      } else {
        similarity[i] = Double.NaN;
      }
      if (leftOut) {
        cache.put(StoreRequest.builder(key, "response to: " + b).embedding(embedding)
            .ttl(java.time.Duration.ofDays(365)).build());
      }
      if ((i + 1) % 1000 == 0 || i + 1 == pairs.size()) {
        progress.accept(i + 1);
      }
    }
    this.hitSimilarity = similarity;
    this.hitPrompt = prompt;
  }

  /** Both measurements at one threshold. */
  public Row at(double threshold) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i < pairs.size(); i++) {
      boolean predicted = pairSimilarity[i] >= threshold;
      if (predicted && pairDuplicate[i]) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (pairDuplicate[i]) {
        fn++;
      }
    }
    CacheRow cacheRow = hitSimilarity == null ? null : cacheAt(threshold);
    return new Row(threshold, ratio(tp, tp + fp), ratio(tp, tp + fn),
        f1(ratio(tp, tp + fp), ratio(tp, tp + fn)), cacheRow);
  }

  private CacheRow cacheAt(double threshold) {
    double[] similarity = java.util.Objects.requireNonNull(hitSimilarity);
    String[] prompt = java.util.Objects.requireNonNull(hitPrompt);
    long hits = 0;
    long correct = 0;
    long duplicatePairs = 0;
    long duplicatePairsCorrect = 0;
    long nonDuplicatePairs = 0;
    long nonDuplicatePairsHit = 0;
    for (int i = 0; i < pairs.size(); i++) {
      LabeledPair pair = pairs.get(i);
      boolean hit = similarity[i] >= threshold;
      boolean isCorrect = hit && duplicates.contains(unordered(prompt[i], pair.b()));
      if (hit) {
        hits++;
        if (isCorrect) {
          correct++;
        }
      }
      if (pair.duplicate()) {
        duplicatePairs++;
        if (isCorrect) {
          duplicatePairsCorrect++;
        }
      } else {
        nonDuplicatePairs++;
        if (hit) {
          nonDuplicatePairsHit++;
        }
      }
    }
    return new CacheRow(hits, ratio(correct, hits), ratio(duplicatePairsCorrect, duplicatePairs),
        ratio(nonDuplicatePairsHit, nonDuplicatePairs));
  }

  /** Area under the ROC curve of the pair similarity as a duplicate classifier. */
  public double rocAuc() {
    Integer[] order = new Integer[pairs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingDouble(i -> pairSimilarity[i]));
    long positives = 0;
    long negatives = 0;
    double rankSum = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && pairSimilarity[order[j + 1]] == pairSimilarity[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (pairDuplicate[order[k]]) {
          positives++;
          rankSum += averageRank;
        } else {
          negatives++;
        }
      }
      i = j + 1;
    }
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** Rows for every threshold from {@code from} to {@code to} by {@code step}. */
  public List<Row> sweep(double from, double to, double step) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; from + k * step <= to + 1e-9; k++) {
      rows.add(at(Math.round((from + k * step) * 1e6) / 1e6));
    }
    return rows;
  }

  /** Pair similarities, for tools that fit a model on them. */
  double pairSimilarity(int i) {
    return pairSimilarity[i];
  }

  List<LabeledPair> pairs() {
    return pairs;
  }

  /**
   * Both measurements at a threshold.
   *
   * @param cache null when the cache measurement was not run
   */
  public record Row(double threshold, double pairPrecision, double pairRecall, double pairF1,
      @Nullable CacheRow cache) {}

  /**
   * The cache measurement at a threshold.
   *
   * @param hits lookups that hit
   * @param hitPrecision correct hits over hits
   * @param duplicateRecall duplicate pairs whose lookup hit correctly, over duplicate pairs
   * @param falseHitRate non-duplicate pairs whose lookup hit anything, over non-duplicate pairs
   */
  public record CacheRow(long hits, double hitPrecision, double duplicateRecall,
      double falseHitRate) {}

  static void print(List<Row> rows, PrintStream out) {
    out.printf("%9s | %9s %7s %6s | %7s %9s %7s %9s%n", "threshold", "precision", "recall", "F1",
        "hits", "hit-prec", "recall", "false-hit");
    for (Row row : rows) {
      CacheRow c = row.cache();
      out.printf("%9.3f | %9.3f %7.3f %6.3f | %s%n", row.threshold(), row.pairPrecision(),
          row.pairRecall(), row.pairF1(), c == null ? "(cache measurement not run)"
              : String.format("%7d %9.3f %7.3f %9.4f", c.hits(), c.hitPrecision(),
                  c.duplicateRecall(), c.falseHitRate()));
    }
  }

  private static String unordered(String x, String y) {
    return x.compareTo(y) <= 0 ? x + '\u0000' + y : y + '\u0000' + x;
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / denominator;
  }

  private static double f1(double precision, double recall) {
    return precision + recall == 0 || Double.isNaN(precision) || Double.isNaN(recall) ? 0
        : 2 * precision * recall / (precision + recall);
  }
}
