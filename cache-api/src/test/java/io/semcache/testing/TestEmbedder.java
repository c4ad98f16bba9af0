package io.semcache.testing;

import io.semcache.CacheKey;
import io.semcache.Embedder;
import io.semcache.Embedding;
import io.semcache.EmbeddingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small deterministic embedder for tests of cache mechanics (never of semantic quality, which
 * needs the real model).
 *
 * <p>A text's vector is the normalised sum of one pseudo-random vector per lower-cased word, so
 * texts sharing most words are close. Tests that need an exact similarity {@link #define} the
 * vector of a text, e.g. with {@link #vectorWithCosine}. Texts of more than {@link #window()}
 * words are truncated like a real model's tokenizer would and flagged. Like a real tokenizer
 * with a finite vocabulary, each run of characters outside ASCII (emoji, CJK...) becomes one
 * unknown token: {@code "Best 🍕 in Rome?"} and {@code "Best 🍣 in Rome?"} embed to the same
 * vector, with {@link Embedding#unknownTokenCount()} 1. Every call is recorded.
 */
public final class TestEmbedder implements Embedder {

  public static final String MODEL_ID = "semcache-test/bag-of-words";

  private static final Pattern OUTSIDE_VOCABULARY = Pattern.compile("[^\\x00-\\x7F]+");
  private static final String UNKNOWN_WORD = "unknownzzz";

  private final int dimension;
  private final String modelId;
  private final int window;
  private final Map<String, float[]> defined = new ConcurrentHashMap<>();
  private final List<String> embedded = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  public TestEmbedder(int dimension, String modelId, int window) {
    this.dimension = dimension;
    this.modelId = modelId;
    this.window = window;
  }

  /** 384 dimensions (as all-MiniLM-L6-v2), a 64-word window. */
  public TestEmbedder() {
    this(384, MODEL_ID, 64);
  }

  /** Makes {@code text} embed to {@code vector} (normalised). */
  public TestEmbedder define(String text, float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException("vector: expected " + dimension + " floats");
    }
    defined.put(text, vector.clone());
    return this;
  }

  /** From now on every embed call throws {@code e}; {@code null} heals. */
  public void failWith(RuntimeException e) {
    failure.set(e);
  }

  /** Unit vector along {@code axis}. */
  public float[] axis(int axis) {
    float[] v = new float[dimension];
    v[axis] = 1f;
    return v;
  }

  /**
   * A unit vector whose cosine with {@code axis(baseAxis)} is exactly {@code cosine} (up to float
   * rounding), tilted towards {@code axis(otherAxis)}.
   */
  public float[] vectorWithCosine(int baseAxis, int otherAxis, double cosine) {
    float[] v = new float[dimension];
    v[baseAxis] = (float) cosine;
    v[otherAxis] = (float) Math.sqrt(Math.max(0, 1 - cosine * cosine));
    return v;
  }

  /** Texts embedded so far, in call order (a batch adds each of its texts). */
  public List<String> embeddedTexts() {
    return List.copyOf(embedded);
  }

  /** The threads that ran each embed call, in call order. */
  public List<Thread> embeddingThreads() {
    return List.copyOf(threads);
  }

  public int embedCount() {
    return embedded.size();
  }

  public int window() {
    return window;
  }

  @Override
  public Embedding embed(String text) {
    if (CacheKey.isBlankText(text)) {
      throw new IllegalArgumentException("text: expected a non-blank text");
    }
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
    embedded.add(text);
    threads.add(Thread.currentThread());
    float[] vector = defined.get(text);
    if (vector != null) {
      return Embedding.of(modelId, vector, false, -1);
    }
    Matcher outside = OUTSIDE_VOCABULARY.matcher(text);
    int unknownTokens = 0;
    while (outside.find()) {
      unknownTokens++;
    }
    String[] words = outside.replaceAll(" " + UNKNOWN_WORD + " ")
        .toLowerCase(Locale.ROOT).split("\\W+");
    List<String> kept = new ArrayList<>();
    for (String word : words) {
      if (!word.isEmpty()) {
        kept.add(word);
      }
    }
    if (kept.isEmpty()) {
      kept.add(text.strip());
    }
    boolean truncated = kept.size() > window;
    List<String> seen = truncated ? kept.subList(0, window) : kept;
    float[] sum = new float[dimension];
    for (String word : seen) {
      float[] w = wordVector(word);
      for (int i = 0; i < dimension; i++) {
        sum[i] += w[i];
      }
    }
    if (Arrays.equals(sum, new float[dimension])) {
      throw new EmbeddingException("degenerate text: " + text);
    }
    return Embedding.of(modelId, sum, truncated, seen.size(),
        Math.min(unknownTokens, seen.size()));
  }

  @Override
  public List<Embedding> embedAll(List<String> texts) {
    return texts.stream().map(this::embed).toList();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  private float[] wordVector(String word) {
    SplittableRandom random = new SplittableRandom(word.hashCode() * 0x9E3779B97F4A7C15L);
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }
}
