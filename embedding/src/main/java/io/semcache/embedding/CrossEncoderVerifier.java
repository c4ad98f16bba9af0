package io.semcache.embedding;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.PairList;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.semcache.EmbeddingException;
import io.semcache.HitVerifier;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HitVerifier} that reads the query and the cached prompt <em>together</em>: a
 * cross-encoder (all-MiniLM-L6-v2 fine-tuned as a pair classifier by {@code
 * scripts/cross-encoder/train.py}) gives the probability that the cached answer fits the query,
 * and a candidate below the {@linkplain #cutoff() cutoff} is refused (the smaller of the two
 * orders' probabilities: see {@link #probabilities(String, List)}). Unlike the rules, which
 * compare word sets, it sees word order ("from Boston to Denver" / "from Denver to Boston").
 *
 * <pre>{@code
 * Path dir = Path.of(System.getProperty("user.home"),
 *     ".cache/semcache/models/semcache-cross-encoder-minilm-l6-pytorch");
 * try (CrossEncoderVerifier verifier = CrossEncoderVerifier.create(dir, 0.5, registry)) {
 *   double p = verifier.probabilities("convert 5 miles to km", List.of("convert 5 km to miles"))[0];
 * }
 * }</pre>
 *
 * <p>The model directory is the one {@code scripts/provision-cross-encoder.sh} writes: {@code
 * model.pt} (TorchScript: input ids, attention mask and token types in, one probability per pair
 * out), {@code tokenizer.json} and {@code verifier.json} (the window). Pairs are encoded as
 * {@code [CLS] query [SEP] candidate [SEP]} and cut to the window longest-first, as in training.
 *
 * <p><b>Batching, threads.</b> {@link #verifyAll} scores all candidates of one lookup in one
 * forward pass. DJL predictors are not thread-safe: each call borrows one of a pool (one per core
 * by default, like {@link DjlSentenceEmbedder}) and waits when all are busy.
 *
 * <p><b>Failing closed.</b> An error while scoring (tokenizer, engine, closed verifier) rejects the
 * candidates with the error as the reason, logs it and counts it ({@link #failures()}, meter
 * {@code semcache.verifier.failures{verifier=cross-encoder}}); it never lets a candidate through.
 * Each call's time is the timer {@code semcache.verifier.duration{verifier=cross-encoder}}.
 */
public final class CrossEncoderVerifier implements HitVerifier, AutoCloseable {

  /** The verifier's name: on rejections and as the {@code verifier} metric tag. */
  public static final String NAME = "cross-encoder";
  /** The directory name {@code scripts/provision-cross-encoder.sh} writes under models/. */
  public static final String PROVISIONED_DIRECTORY = "semcache-cross-encoder-minilm-l6-pytorch";

  static final String DURATION = "semcache.verifier.duration";
  static final String FAILURES = "semcache.verifier.failures";
  private static final Logger LOG = LoggerFactory.getLogger(CrossEncoderVerifier.class);
  private static final long CLOSE_WAIT_SECONDS = 30;
  private static final int MAX_WINDOW = 512;

  private final double cutoff;
  private final int window;
  private final Quantization quantization;
  private final String origin;
  private final Model model;
  private final HuggingFaceTokenizer tokenizer;
  private final int poolSize;
  private final BlockingQueue<Predictor<PairBatch, float[]>> predictors;
  private final Timer timer;
  private final Counter failureCounter;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final BurstLog burstLog = new BurstLog();

  private CrossEncoderVerifier(double cutoff, int window, Quantization quantization, String origin,
      Model model, HuggingFaceTokenizer tokenizer, int poolSize, MeterRegistry registry) {
    this.cutoff = cutoff;
    this.window = window;
    this.quantization = quantization;
    this.origin = origin;
    this.model = model;
    this.tokenizer = tokenizer;
    this.poolSize = poolSize;
    this.predictors = new ArrayBlockingQueue<>(poolSize);
    for (int i = 0; i < poolSize; i++) {
      predictors.add(model.newPredictor(new PairTranslator()));
    }
    this.timer = Timer.builder(DURATION).tag("verifier", NAME)
        .description("time the cross-encoder takes to score one lookup's candidates")
        .publishPercentiles(0.5, 0.99).register(registry);
    this.failureCounter = Counter.builder(FAILURES).tag("verifier", NAME)
        .description("verifier calls that failed (their candidates were refused)")
        .register(registry);
  }

  /**
   * Loads the provisioned model with one predictor per available core.
   *
   * @param modelDirectory the directory {@code scripts/provision-cross-encoder.sh} writes
   * @param cutoff the probability at or above which a candidate is accepted, in [0, 1]
   * @param registry where the timer and failure counter go; null for none
   * @throws IllegalArgumentException if {@code cutoff} is not in [0, 1]
   * @throws EmbeddingException naming the path and what was expected, when the directory or a
   *     file in it is missing or unreadable, the engine cannot load the model, or the start-up
   *     probe does not give a probability
   */
  public static CrossEncoderVerifier create(Path modelDirectory, double cutoff,
      @Nullable MeterRegistry registry) {
    return create(modelDirectory, cutoff, Runtime.getRuntime().availableProcessors(), registry);
  }

  /**
   * As {@link #create(Path, double, MeterRegistry)}, with {@code poolSize} predictors (1-64).
   */
  public static CrossEncoderVerifier create(Path modelDirectory, double cutoff, int poolSize,
      @Nullable MeterRegistry registry) {
    return create(modelDirectory, cutoff, poolSize, Quantization.NONE, registry);
  }

  /**
   * As {@link #create(Path, double, int, MeterRegistry)}, running the export of {@code
   * quantization}: {@link Quantization#NONE} loads {@code model.pt} (float16 weights, float32
   * arithmetic), {@link Quantization#INT8} {@code model-int8.pt} (dynamic int8; its quality and
   * cost are in the embedding README). The int8 export quantizes activations with one scale per
   * forward pass, so a batch would let one candidate's tokens move another's probability: it
   * scores each candidate in a pass of its own (its two orders together, which have the same
   * length, so no padding), and a verdict depends on that pair alone.
   */
  public static CrossEncoderVerifier create(Path modelDirectory, double cutoff, int poolSize,
      Quantization quantization, @Nullable MeterRegistry registry) {
    Objects.requireNonNull(modelDirectory, "modelDirectory");
    Objects.requireNonNull(quantization, "quantization");
    if (!(cutoff >= 0 && cutoff <= 1)) {
      throw new IllegalArgumentException("cutoff: expected a probability in [0, 1], got " + cutoff);
    }
    if (poolSize < 1 || poolSize > 64) {
      throw new IllegalArgumentException("poolSize: expected 1 to 64 predictors, got " + poolSize);
    }
    if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    Path directory = modelDirectory.toAbsolutePath().normalize();
    String modelName = "model" + quantization.fileSuffix();
    Path modelFile = directory.resolve(modelName + ".pt");
    Path tokenizerFile = directory.resolve(ModelLoader.TOKENIZER_FILE);
    Path settingsFile = directory.resolve("verifier.json");
    for (Path required : List.of(modelFile, tokenizerFile, settingsFile)) {
      if (!Files.isRegularFile(required)) {
        throw new EmbeddingException("cross-encoder directory " + directory + ": expected "
            + required.getFileName() + " (scripts/provision-cross-encoder.sh writes it), not found");
      }
    }
    int window = readWindow(settingsFile);
    try {
      Engine.getEngine(EmbeddingEngine.PYTORCH.djlName());
    } catch (RuntimeException | LinkageError e) {
      throw new EmbeddingException("engine PyTorch: expected its native library to load, but it"
          + " failed: " + e.getMessage(), e);
    }
    HuggingFaceTokenizer tokenizer;
    try {
      Map<String, String> options = new HashMap<>();
      options.put("addSpecialTokens", "true");
      options.put("truncation", "LONGEST_FIRST");
      options.put("padding", "false");
      options.put("maxLength", Integer.toString(window));
      options.put("modelMaxLength", Integer.toString(MAX_WINDOW));
      tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, options);
    } catch (IOException | RuntimeException e) {
      throw new EmbeddingException("tokenizer " + tokenizerFile + ": expected a HuggingFace"
          + " tokenizer.json, but it could not be read: " + e.getMessage(), e);
    }
    Model model = Model.newInstance("cross-encoder", EmbeddingEngine.PYTORCH.djlName());
    try {
      model.load(directory, modelName, Map.of("mapLocation", "true"));
    } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
      model.close();
      tokenizer.close();
      throw new EmbeddingException("model file " + modelFile + ": expected a TorchScript"
          + " cross-encoder, but PyTorch could not load it: " + e.getMessage(), e);
    }
    CrossEncoderVerifier verifier;
    try {
      verifier = new CrossEncoderVerifier(cutoff, window, quantization, modelFile.toString(), model,
          tokenizer, poolSize, registry == null ? new CompositeMeterRegistry() : registry);
    } catch (RuntimeException e) {
      model.close();
      tokenizer.close();
      throw new EmbeddingException("model " + modelFile + ": could not create predictors: "
          + e.getMessage(), e);
    }
    try {
      double p = verifier.probabilities("semcache probe", List.of("semcache probe"))[0];
      if (!(p >= 0 && p <= 1)) {
        throw new EmbeddingException("model " + modelFile + ": expected a probability from the"
            + " start-up probe, got " + p);
      }
    } catch (RuntimeException e) {
      verifier.close();
      throw e instanceof EmbeddingException ee ? ee
          : new EmbeddingException("model " + modelFile + ": the start-up probe failed: "
              + e.getMessage(), e);
    }
    LOG.info("cross-encoder verifier ready: {} (window {}, cutoff {}, {} predictors)", modelFile,
        window, cutoff, poolSize);
    return verifier;
  }

  /**
   * The provisioned model directory under {@code $SEMCACHE_CACHE_DIR} (default {@code
   * ~/.cache/semcache}): {@code models/semcache-cross-encoder-minilm-l6-pytorch}.
   */
  public static Path provisionedDirectory() {
    String cacheDir = System.getenv("SEMCACHE_CACHE_DIR");
    Path base = cacheDir == null || cacheDir.isBlank()
        ? Path.of(System.getProperty("user.home"), ".cache", "semcache") : Path.of(cacheDir);
    return base.resolve("models").resolve(PROVISIONED_DIRECTORY);
  }

  private static int readWindow(Path settingsFile) {
    try {
      JsonObject json = JsonParser.parseString(Files.readString(settingsFile)).getAsJsonObject();
      int window = json.get("window").getAsInt();
      if (window < 8 || window > MAX_WINDOW) {
        throw new IllegalArgumentException("window " + window + " is not in [8, " + MAX_WINDOW
            + "]");
      }
      return window;
    } catch (IOException | RuntimeException e) {
      throw new EmbeddingException("cross-encoder settings " + settingsFile + ": expected JSON"
          + " with a \"window\" (tokens), but: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The probability at or above which a candidate is accepted. */
  public double cutoff() {
    return cutoff;
  }

  /** Which export runs. */
  public Quantization quantization() {
    return quantization;
  }

  /** The longest pair, in tokens, the model reads; longer pairs are cut longest-first. */
  public int window() {
    return window;
  }

  /** How many calls failed (and so refused their candidates) since creation. */
  public long failures() {
    return (long) failureCounter.count();
  }

  @Override
  public Verdict verify(VerificationInput input) {
    return verifyAll(List.of(input)).get(0);
  }

  /** Scores all inputs in one forward pass; an error refuses them all (fail closed). */
  @Override
  public List<Verdict> verifyAll(List<VerificationInput> inputs) {
    Objects.requireNonNull(inputs, "inputs");
    if (inputs.isEmpty()) {
      return List.of();
    }
    long start = System.nanoTime();
    List<Verdict> verdicts = new ArrayList<>(inputs.size());
    try {
      PairList<String, String> pairs = new PairList<>(inputs.size());
      for (VerificationInput input : inputs) {
        pairs.add(input.query(), input.candidate());
      }
      float[] probabilities = symmetricScore(pairs);
      for (float p : probabilities) {
        verdicts.add(p >= cutoff ? Verdict.accept()
            : Verdict.reject(String.format(Locale.ROOT,
                "cross-encoder probability %.3f is below the cutoff %.2f", p, cutoff)));
      }
    } catch (RuntimeException e) {
      failureCounter.increment();
      if (burstLog.shouldLog()) {
        LOG.warn("cross-encoder verifier failed; refusing {} candidate(s): {}", inputs.size(),
            e.toString());
      }
      Verdict refusal = Verdict.reject("cross-encoder failed: " + e.getMessage());
      verdicts.clear();
      for (int i = 0; i < inputs.size(); i++) {
        verdicts.add(refusal);
      }
    } finally {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
    return verdicts;
  }

  /**
   * The probability the verifier compares with its cutoff, for each candidate in order: the
   * smaller of the model's probabilities for (query, candidate) and (candidate, query). The model
   * reads the two sides differently (it was trained on both orders, but is not exactly
   * symmetric), and a cache must not serve a pair that either order calls different.
   *
   * @throws EmbeddingException if the model fails or the verifier is closed
   */
  public double[] probabilities(String query, List<String> candidates) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(candidates, "candidates");
    PairList<String, String> pairs = new PairList<>(candidates.size());
    for (String candidate : candidates) {
      pairs.add(query, Objects.requireNonNull(candidate, "candidates[i]"));
    }
    return toDouble(symmetricScore(pairs));
  }

  /** {@link #probabilities(String, List)} for arbitrary pairs, in batches (for evaluation). */
  public double[] probabilities(List<String> queries, List<String> candidates, int batchSize) {
    return inBatches(queries, candidates, batchSize, this::symmetricScore);
  }

  /** Scores (query, candidate) pairs in batches of up to {@code batchSize} with {@code scorer}. */
  private static double[] inBatches(List<String> queries, List<String> candidates, int batchSize,
      java.util.function.Function<PairList<String, String>, float[]> scorer) {
    if (queries.size() != candidates.size()) {
      throw new IllegalArgumentException("candidates: expected " + queries.size()
          + " (one per query), got " + candidates.size());
    }
    double[] out = new double[queries.size()];
    for (int s = 0; s < queries.size(); s += batchSize) {
      int e = Math.min(queries.size(), s + batchSize);
      PairList<String, String> pairs = new PairList<>(e - s);
      for (int i = s; i < e; i++) {
        pairs.add(queries.get(i), candidates.get(i));
      }
      float[] p = scorer.apply(pairs);
      for (int i = s; i < e; i++) {
        out[i] = p[i - s];
      }
    }
    return out;
  }

  /**
   * Both orders, the smaller probability of each pair: all pairs in one forward pass, or for the
   * int8 export one pass per pair (see {@link #create(Path, double, int, Quantization,
   * MeterRegistry)}).
   */
  private float[] symmetricScore(PairList<String, String> pairs) {
    int n = pairs.size();
    if (quantization != Quantization.NONE) {
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        PairList<String, String> both = new PairList<>(2);
        both.add(pairs.keyAt(i), pairs.valueAt(i));
        both.add(pairs.valueAt(i), pairs.keyAt(i));
        float[] p = forward(both);
        out[i] = Math.min(p[0], p[1]);
      }
      return out;
    }
    PairList<String, String> both = new PairList<>(2 * n);
    for (int i = 0; i < n; i++) {
      both.add(pairs.keyAt(i), pairs.valueAt(i));
    }
    for (int i = 0; i < n; i++) {
      both.add(pairs.valueAt(i), pairs.keyAt(i));
    }
    float[] p = score(both);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.min(p[i], p[n + i]);
    }
    return out;
  }

  /**
   * The model's own probability for each (query, candidate) pair in that order, in batches of up
   * to {@code batchSize}: what the Python model computes (the parity test compares them).
   */
  public double[] pairProbabilities(List<String> queries, List<String> candidates,
      int batchSize) {
    return inBatches(queries, candidates, batchSize, this::score);
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** Each pair's probability in its order: one pass, or one per pair for the int8 export. */
  private float[] score(PairList<String, String> pairs) {
    if (quantization == Quantization.NONE) {
      return forward(pairs);
    }
    float[] out = new float[pairs.size()];
    for (int i = 0; i < out.length; i++) {
      PairList<String, String> one = new PairList<>(1);
      one.add(pairs.keyAt(i), pairs.valueAt(i));
      out[i] = forward(one)[0];
    }
    return out;
  }

  private float[] forward(PairList<String, String> pairs) {
    if (closed.get()) {
      throw new EmbeddingException("cross-encoder verifier " + origin + " is closed");
    }
    Encoding[] encodings = tokenizer.batchEncode(pairs);
    PairBatch batch = PairBatch.of(encodings);
    Predictor<PairBatch, float[]> predictor = borrow();
    try {
      // As in DjlSentenceEmbedder: no per-shape re-optimisation of the TorchScript graph.
      JniUtils.setGraphExecutorOptimize(false);
      float[] p = predictor.predict(batch);
      if (p.length != batch.rows) {
        throw new EmbeddingException("model " + origin + ": expected " + batch.rows
            + " probabilities, got " + p.length);
      }
      return p;
    } catch (TranslateException e) {
      throw new EmbeddingException("model " + origin + ": inference failed on " + batch.rows
          + " x " + batch.width + " tokens: " + e.getMessage(), e);
    } finally {
      predictors.add(predictor);
    }
  }

  private Predictor<PairBatch, float[]> borrow() {
    try {
      while (true) {
        Predictor<PairBatch, float[]> predictor = predictors.poll(100, TimeUnit.MILLISECONDS);
        if (predictor != null) {
          if (closed.get()) {
            predictors.add(predictor);
            throw new EmbeddingException("cross-encoder verifier " + origin + " is closed");
          }
          return predictor;
        }
        if (closed.get()) {
          throw new EmbeddingException("cross-encoder verifier " + origin + " is closed");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingException("cross-encoder verifier: interrupted waiting for a predictor");
    }
  }

  /** Waits up to 30 s for calls in flight, then releases the model. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      for (int released = 0; released < poolSize; released++) {
        Predictor<PairBatch, float[]> predictor =
            predictors.poll(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        if (predictor == null) {
          LOG.warn("cross-encoder verifier: predictors still busy after {} s; closing anyway",
              CLOSE_WAIT_SECONDS);
          break;
        }
        predictor.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    model.close();
    tokenizer.close();
  }

  @Override
  public String toString() {
    return "CrossEncoderVerifier[" + origin + ", cutoff " + cutoff + ", window " + window + "]";
  }

  /** Logs the first failure of a burst, then at most one a minute. */
  private static final class BurstLog {
    private final java.util.concurrent.atomic.AtomicLong last =
        new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

    boolean shouldLog() {
      long now = System.nanoTime();
      long previous = last.get();
      return (previous == Long.MIN_VALUE || now - previous > TimeUnit.MINUTES.toNanos(1))
          && last.compareAndSet(previous, now);
    }
  }

  /** Encoded pairs padded on the right to their longest: ids, mask and token types. */
  static final class PairBatch {
    final int rows;
    final int width;
    final long[] inputIds;
    final long[] attentionMask;
    final long[] typeIds;

    private PairBatch(int rows, int width) {
      this.rows = rows;
      this.width = width;
      this.inputIds = new long[rows * width];
      this.attentionMask = new long[rows * width];
      this.typeIds = new long[rows * width];
    }

    static PairBatch of(Encoding[] encodings) {
      int width = 1;
      for (Encoding encoding : encodings) {
        width = Math.max(width, encoding.getIds().length);
      }
      PairBatch batch = new PairBatch(encodings.length, width);
      for (int row = 0; row < encodings.length; row++) {
        long[] ids = encodings[row].getIds();
        System.arraycopy(ids, 0, batch.inputIds, row * width, ids.length);
        System.arraycopy(encodings[row].getAttentionMask(), 0, batch.attentionMask, row * width,
            ids.length);
        System.arraycopy(encodings[row].getTypeIds(), 0, batch.typeIds, row * width, ids.length);
      }
      return batch;
    }
  }

  private static final class PairTranslator implements Translator<PairBatch, float[]> {
    @Override
    public @Nullable Batchifier getBatchifier() {
      return null;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, PairBatch batch) {
      NDManager manager = ctx.getNDManager();
      Shape shape = new Shape(batch.rows, batch.width);
      NDArray ids = manager.create(LongBuffer.wrap(batch.inputIds), shape);
      NDArray mask = manager.create(LongBuffer.wrap(batch.attentionMask), shape);
      NDArray types = manager.create(LongBuffer.wrap(batch.typeIds), shape);
      return new NDList(ids, mask, types);
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList outputs) {
      return outputs.head().toFloatArray();
    }
  }
}
