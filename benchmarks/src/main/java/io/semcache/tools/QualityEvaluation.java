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
  private final Verification verification;
  private final boolean[] pairPassesRules;
  private final double[] pairProbability;
  /** Per lookup, the cache's candidates best first, and which of them its verifiers accepted. */
  private @Nullable List<List<Candidate>> candidates;

  /**
   * A candidate a lookup considered: its prompt, similarity, whether the cache's verifiers let
   * it through, and the acceptance model's probability (1 without a model).
   */
  record Candidate(String prompt, double similarity, boolean passedRules, double probability) {}

  private QualityEvaluation(List<LabeledPair> pairs, Map<String, Embedding> embeddings,
      Verification verification) {
    this.pairs = List.copyOf(pairs);
    this.embeddings = embeddings;
    this.verification = verification;
    this.pairPassesRules = new boolean[pairs.size()];
    this.pairProbability = new double[pairs.size()];
    this.pairSimilarity = new double[pairs.size()];
    this.pairDuplicate = new boolean[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      LabeledPair pair = pairs.get(i);
      pairSimilarity[i] = embeddings.get(pair.a()).cosine(embeddings.get(pair.b()));
      pairDuplicate[i] = pair.duplicate();
      pairPassesRules[i] = verification.passesRules(pair.a(), pair.b(), pairSimilarity[i]);
      if (pair.duplicate()) {
        duplicates.add(unordered(pair.a(), pair.b()));
      }
    }
    // One batched pass for the model (the cross-encoder is far slower one pair at a time).
    List<Integer> modelled = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (pairPassesRules[i]) {
        modelled.add(i);
      }
    }
    double[] similarities = new double[modelled.size()];
    for (int k = 0; k < similarities.length; k++) {
      similarities[k] = pairSimilarity[modelled.get(k)];
    }
    double[] probabilities = verification.probabilities(
        modelled.stream().map(i -> pairs.get(i).a()).toList(),
        modelled.stream().map(i -> pairs.get(i).b()).toList(), similarities);
    for (int k = 0; k < probabilities.length; k++) {
      pairProbability[modelled.get(k)] = probabilities[k];
    }
  }

  /**
   * Embeds every distinct text of {@code pairs} in batches, {@code threads} batches at a time
   * (the embedder is thread-safe and pools its predictors), and scores the pairs.
   *
   * @param progress told the number of texts embedded so far
   */
  public static QualityEvaluation embed(List<LabeledPair> pairs, Embedder embedder,
      int batchSize, int threads, Verification verification, IntConsumer progress) {
    return embed(pairs, embedder, batchSize, threads, verification, null, progress);
  }

  /**
   * As {@link #embed(List, Embedder, int, int, Verification, IntConsumer)}, reusing the vectors
   * saved in {@code reuseDirectory} by an earlier run with the same model and texts (and saving
   * them there otherwise), so that calibration runs need not embed again.
   */
  public static QualityEvaluation embed(List<LabeledPair> pairs, Embedder embedder,
      int batchSize, int threads, Verification verification,
      java.nio.file.@Nullable Path reuseDirectory, IntConsumer progress) {
    Set<String> texts = new LinkedHashSet<>();
    for (LabeledPair pair : pairs) {
      texts.add(pair.a());
      texts.add(pair.b());
    }
    // Blank as the cache means it (no letter, digit or symbol): the embedder refuses those, and
    // their pairs are left out (finish).
    List<String> ordered = texts.stream().filter(t -> !CacheKey.isBlankText(t)).toList();
    java.nio.file.Path saved = reuseDirectory == null ? null
        : reuseDirectory.resolve(EmbeddingStore.fileName(embedder.modelId(), ordered));
    Map<String, Embedding> reused = saved == null ? null
        : EmbeddingStore.read(saved, embedder.modelId(), ordered);
    if (reused != null) {
      progress.accept(ordered.size());
      return finish(pairs, reused, verification);
    }
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
    if (saved != null) {
      EmbeddingStore.write(saved, ordered, embeddings);
    }
    return finish(pairs, embeddings, verification);
  }

  private static QualityEvaluation finish(List<LabeledPair> pairs,
      Map<String, Embedding> embeddings, Verification verification) {
    List<LabeledPair> usable = pairs.stream()
        .filter(p -> embeddings.containsKey(p.a()) && embeddings.containsKey(p.b())).toList();
    return new QualityEvaluation(usable, embeddings, verification);
  }

  public int pairCount() {
    return pairs.size();
  }

  public int distinctTextCount() {
    return embeddings.size();
  }

  /**
   * Runs the cache measurement on an empty cache the caller built with {@link #probe()} as its
   * last verifier, after whatever verifiers are being evaluated: the probe refuses every
   * candidate, so each lookup reports all its candidates, best first, with the verdicts, and any
   * threshold can be evaluated afterwards.
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
    List<List<Candidate>> found = new ArrayList<>(pairs.size());
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
      found.add(candidatesOf(result, b));
      if (leftOut) {
        cache.put(StoreRequest.builder(key, "response to: " + b).embedding(embedding)
            .ttl(java.time.Duration.ofDays(365)).build());
      }
      if ((i + 1) % 1000 == 0 || i + 1 == pairs.size()) {
        progress.accept(i + 1);
      }
    }
    this.candidates = found;
  }

  private List<Candidate> candidatesOf(LookupResult result, String query) {
    if (result.isHit()) {
      throw new IllegalStateException("the cache served a hit for \"" + query + "\": build it"
          + " with QualityEvaluation.probe() as its last verifier");
    }
    List<io.semcache.Rejection> rejections = result.rejections();
    boolean[] passed = new boolean[rejections.size()];
    List<String> queries = new ArrayList<>();
    List<String> prompts = new ArrayList<>();
    List<Double> sims = new ArrayList<>();
    for (int i = 0; i < passed.length; i++) {
      io.semcache.Rejection rejection = rejections.get(i);
      passed[i] = rejection.verifier().equals(PROBE_NAME)
          && verification.passesGate(query, rejection.candidatePrompt(), rejection.similarity());
      if (passed[i]) {
        queries.add(query);
        prompts.add(rejection.candidatePrompt());
        sims.add(rejection.similarity());
      }
    }
    double[] probabilities = verification.probabilities(queries, prompts,
        sims.stream().mapToDouble(Double::doubleValue).toArray());
    List<Candidate> list = new ArrayList<>();
    for (int i = 0, k = 0; i < passed.length; i++) {
      io.semcache.Rejection rejection = rejections.get(i);
      list.add(new Candidate(rejection.candidatePrompt(), rejection.similarity(), passed[i],
          passed[i] ? probabilities[k++] : 0));
    }
    return list;
  }

  static final String PROBE_NAME = "evaluation-probe";

  /** The verifier that ends the chain of an evaluated cache; see {@link #lookUpInCache}. */
  static io.semcache.HitVerifier probe() {
    return new io.semcache.HitVerifier() {
      @Override
      public String name() {
        return PROBE_NAME;
      }

      @Override
      public Verdict verify(VerificationInput input) {
        return Verdict.reject("evaluation records every candidate");
      }
    };
  }

  /** Both measurements at one threshold, with the verification's own model cutoff. */
  public Row at(double threshold) {
    return at(threshold, verification.sweptCutoff());
  }

  /** Both measurements at one threshold and acceptance-model cutoff. */
  public Row at(double threshold, double cutoff) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i < pairs.size(); i++) {
      boolean predicted = pairSimilarity[i] >= threshold && pairPassesRules[i]
          && pairProbability[i] >= cutoff;
      if (predicted && pairDuplicate[i]) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (pairDuplicate[i]) {
        fn++;
      }
    }
    CacheRow cacheRow = candidates == null ? null : cacheAt(threshold, cutoff);
    return new Row(threshold, ratio(tp, tp + fp), ratio(tp, tp + fn),
        f1(ratio(tp, tp + fp), ratio(tp, tp + fn)), cacheRow);
  }

  private CacheRow cacheAt(double threshold, double cutoff) {
    List<List<Candidate>> all = java.util.Objects.requireNonNull(candidates);
    long hits = 0;
    long correct = 0;
    long duplicatePairs = 0;
    long duplicatePairsCorrect = 0;
    long nonDuplicatePairs = 0;
    long nonDuplicatePairsHit = 0;
    for (int i = 0; i < pairs.size(); i++) {
      LabeledPair pair = pairs.get(i);
      Candidate served = served(all.get(i), threshold, cutoff);
      boolean hit = served != null;
      boolean isCorrect = hit && duplicates.contains(unordered(served.prompt(), pair.b()));
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

  /** What the cache serves at {@code threshold}: the best accepted candidate at or above it. */
  private static @Nullable Candidate served(List<Candidate> candidates, double threshold,
      double cutoff) {
    for (Candidate candidate : candidates) {
      if (candidate.similarity() < threshold) {
        return null;
      }
      if (candidate.passedRules() && candidate.probability() >= cutoff) {
        return candidate;
      }
    }
    return null;
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
    return sweep(from, to, step, verification.sweptCutoff());
  }

  /** The same at another acceptance-model cutoff. */
  public List<Row> sweep(double from, double to, double step, double cutoff) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; from + k * step <= to + 1e-9; k++) {
      rows.add(at(Math.round((from + k * step) * 1e6) / 1e6, cutoff));
    }
    return rows;
  }

  Verification verification() {
    return verification;
  }

  /** Writes {@code {"a","b","duplicate","similarity"}} per pair, one JSON object a line. */
  void dumpPairs(java.nio.file.Path file) throws java.io.IOException {
    com.google.gson.Gson gson = new com.google.gson.Gson();
    try (java.io.BufferedWriter out = java.nio.file.Files.newBufferedWriter(file)) {
      for (int i = 0; i < pairs.size(); i++) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("a", pairs.get(i).a());
        o.addProperty("b", pairs.get(i).b());
        o.addProperty("duplicate", pairs.get(i).duplicate());
        o.addProperty("similarity", pairSimilarity[i]);
        out.write(gson.toJson(o));
        out.newLine();
      }
    }
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
