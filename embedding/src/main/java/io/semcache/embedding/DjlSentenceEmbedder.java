package io.semcache.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.inference.Predictor;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.TranslateException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.semcache.Embedder;
import io.semcache.CacheKey;
import io.semcache.Embedding;
import io.semcache.EmbeddingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
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
 * An {@link Embedder} that runs a sentence-transformers model (all-MiniLM-L6-v2 by default) on DJL:
 * the HuggingFace tokenizer cuts each text (after the configured {@linkplain
 * DjlEmbedderConfig#prefix() prefix}, if any) to the configured window, the model returns token
 * embeddings, and they are pooled ({@linkplain DjlEmbedderConfig#pooling() mean over the attention
 * mask, or the CLS token}) and L2-normalised.
 *
 * <pre>{@code
 * Path modelDirectory = Path.of("/models/all-MiniLM-L6-v2-pytorch");
 * DjlEmbedderConfig config = DjlEmbedderConfig.builder().modelDirectory(modelDirectory).build();
 * try (DjlSentenceEmbedder embedder = DjlSentenceEmbedder.create(config)) {
 *   Embedding e = embedder.embed("How do I reset my password?");
 * }
 * }</pre>
 *
 * <p><b>Thread safety.</b> All methods may be called from any number of threads. DJL predictors
 * are not thread-safe, so each call borrows one from a pool of {@link DjlEmbedderConfig#poolSize()}
 * and waits for one when all are busy. {@link #embedAll} embeds up to {@link
 * DjlEmbedderConfig#maxBatchSize()} texts per forward pass, padded to the longest of them.
 *
 * <p><b>Truncation.</b> A text longer than the window is embedded from its first {@link
 * DjlEmbedderConfig#maxLength()} tokens and its {@link Embedding#truncated()} is {@code true}; the
 * window is part of {@link #modelId()}, so vectors cut at different windows are never mixed.
 *
 * <p><b>Network.</b> Only a {@link ModelSource.Url} may download. With a local source the embedder
 * opts the process out of DJL's usage telemetry (system property {@code OPT_OUT_TRACKING=true}, set
 * only when neither it nor the environment variable is set), which would otherwise query the cloud
 * instance-metadata address when DJL starts.
 */
public final class DjlSentenceEmbedder implements Embedder {

  private static final Logger LOG = LoggerFactory.getLogger(DjlSentenceEmbedder.class);
  private static final String PROBE_TEXT = "semcache probe: is the model producing vectors?";
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final DjlEmbedderConfig config;
  private final String modelId;
  private final ModelLoader.LoadedModel loaded;
  private final BlockingQueue<Predictor<TokenizedBatch, float[][]>> predictors;
  private final @Nullable Cache<String, Embedding> memo;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DjlSentenceEmbedder(DjlEmbedderConfig config, ModelLoader.LoadedModel loaded) {
    this.config = config;
    this.modelId = config.modelId();
    this.loaded = loaded;
    this.predictors = new ArrayBlockingQueue<>(config.poolSize());
    PoolingTranslator translator = new PoolingTranslator(loaded.inputNames, config.pooling());
    for (int i = 0; i < config.poolSize(); i++) {
      predictors.add(loaded.model.newPredictor(translator));
    }
    this.memo =
        config.memoSize() == 0
            ? null
            : Caffeine.newBuilder().maximumSize(config.memoSize()).<String, Embedding>build();
  }

  /**
   * Loads the model, creates the predictor pool and runs one probe inference, so that a broken
   * model fails here rather than at the first request.
   *
   * @throws EmbeddingException naming the path and what was expected, when the model directory,
   *     its tokenizer or model file is missing, the engine's native library or the model cannot be
   *     loaded, or the model's vectors do not have {@link DjlEmbedderConfig#expectedDimension()}
   *     components
   */
  public static DjlSentenceEmbedder create(DjlEmbedderConfig config) {
    Objects.requireNonNull(config, "config");
    if (!(config.source() instanceof ModelSource.Url)
        && System.getProperty("OPT_OUT_TRACKING") == null
        && System.getenv("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    ModelLoader.LoadedModel loaded = ModelLoader.load(config);
    DjlSentenceEmbedder embedder;
    try {
      embedder = new DjlSentenceEmbedder(config, loaded);
    } catch (RuntimeException e) {
      loaded.close();
      throw new EmbeddingException(
          "model " + loaded.origin + ": could not create predictors: " + e.getMessage(), e);
    }
    try {
      embedder.probe();
    } catch (RuntimeException e) {
      embedder.close();
      throw e;
    }
    LOG.info(
        "embedder {} ready: {} on {}, {} predictors, memo {}",
        embedder.modelId,
        loaded.origin,
        config.engine().djlName(),
        config.poolSize(),
        config.memoSize() == 0 ? "off" : config.memoSize() + " entries");
    return embedder;
  }

  private void probe() {
    float[] vector;
    try {
      vector = forward(
          TokenizedBatch.of(new Encoding[] {encode(PROBE_TEXT)}, loaded.unknownTokenId))[0];
    } catch (EmbeddingException e) {
      throw new EmbeddingException(
          "model " + loaded.origin + ": the probe inference at start-up failed: "
              + rootMessage(e), e);
    }
    if (vector.length != config.expectedDimension()) {
      throw new EmbeddingException(
          "model " + loaded.origin + ": expected vectors of dimension "
              + config.expectedDimension() + " (expectedDimension), but the model produces "
              + vector.length);
    }
  }

  /** The settings this embedder was created with. */
  public DjlEmbedderConfig config() {
    return config;
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} is empty or blank
   * @throws EmbeddingException if the model fails, or the embedder is closed
   */
  @Override
  public Embedding embed(String text) {
    Objects.requireNonNull(text, "text");
    if (CacheKey.isBlankText(text)) {
      throw new IllegalArgumentException(
          "text: expected a text with a letter, digit or symbol, got " + (text.isEmpty() ? "an empty" : "a blank")
              + " string");
    }
    requireOpen();
    if (memo != null) {
      Embedding remembered = memo.getIfPresent(text);
      if (remembered != null) {
        return remembered;
      }
    }
    TokenizedBatch batch =
        TokenizedBatch.of(new Encoding[] {encode(text)}, loaded.unknownTokenId);
    Embedding embedding = toEmbedding(forward(batch)[0], batch, 0);
    if (memo != null) {
      memo.put(text, embedding);
    }
    return embedding;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Repeated texts in {@code texts} are embedded once. Texts are sorted by token length and run
   * in forward passes of up to {@link DjlEmbedderConfig#maxBatchSize()} texts of similar length,
   * each padded to its own longest text (at most a tenth of a pass is padding).
   *
   * @throws NullPointerException if {@code texts} or one of its elements is null
   * @throws IllegalArgumentException if a text is empty or blank (the message gives its index)
   * @throws EmbeddingException if the model fails, or the embedder is closed
   */
  @Override
  public List<Embedding> embedAll(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new NullPointerException("texts[" + i + "]");
      }
      if (CacheKey.isBlankText(text)) {
        throw new IllegalArgumentException(
            "texts[" + i + "]: expected a text with a letter, digit or symbol, got "
                + (text.isEmpty() ? "an empty" : "a blank") + " string");
      }
    }
    requireOpen();
    Embedding[] results = new Embedding[texts.size()];
    Map<String, List<Integer>> pending = new LinkedHashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      Embedding remembered = memo == null ? null : memo.getIfPresent(text);
      if (remembered != null) {
        results[i] = remembered;
      } else {
        pending.computeIfAbsent(text, t -> new ArrayList<>(1)).add(i);
      }
    }
    if (!pending.isEmpty()) {
      List<String> unique = new ArrayList<>(pending.keySet());
      Encoding[] encodings = loaded.tokenizer.batchEncode(
          config.prefix().isEmpty() ? unique : unique.stream().map(t -> config.prefix() + t)
              .collect(java.util.stream.Collectors.toList()));
      Integer[] order = new Integer[encodings.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
      for (int start = 0; start < order.length; ) {
        int end = chunkEnd(encodings, order, start);
        Encoding[] chunk = new Encoding[end - start];
        for (int j = start; j < end; j++) {
          chunk[j - start] = encodings[order[j]];
        }
        TokenizedBatch batch = TokenizedBatch.of(chunk, loaded.unknownTokenId);
        float[][] vectors = forward(batch);
        for (int j = start; j < end; j++) {
          String text = unique.get(order[j]);
          Embedding embedding = toEmbedding(vectors[j - start], batch, j - start);
          for (int index : pending.get(text)) {
            results[index] = embedding;
          }
          if (memo != null) {
            memo.put(text, embedding);
          }
        }
        start = end;
      }
    }
    return List.of(results);
  }

  /**
   * Where the forward pass starting at {@code order[start]} ends: after {@link
   * DjlEmbedderConfig#maxBatchSize()} texts, or before the text that would make more than a tenth
   * of the padded batch padding. On a CPU a forward pass costs about the same per token position
   * whatever the batch size, so padding is pure waste: one pass over 32 questions of 10 to 65
   * tokens took about twice as long as the same questions in such length buckets.
   */
  private int chunkEnd(Encoding[] encodings, Integer[] order, int start) {
    int limit = Math.min(order.length, start + config.maxBatchSize());
    long realTokens = encodings[order[start]].getIds().length;
    int end = start + 1;
    while (end < limit) {
      int next = encodings[order[end]].getIds().length; // the longest so far: order is sorted
      long cells = (long) (end - start + 1) * next;
      if ((realTokens + next) * 10 < cells * 9) {
        break;
      }
      realTokens += next;
      end++;
    }
    return end;
  }

  @Override
  public int dimension() {
    return config.expectedDimension();
  }

  /** {@inheritDoc} For example {@code sentence-transformers/all-MiniLM-L6-v2@256}. */
  @Override
  public String modelId() {
    return modelId;
  }

  /**
   * Waits up to 30 s for calls in flight, then releases the predictors, the model and the
   * tokenizer. Later calls throw {@link EmbeddingException}. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    int released = 0;
    try {
      for (; released < config.poolSize(); released++) {
        Predictor<TokenizedBatch, float[][]> predictor =
            predictors.poll(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        if (predictor == null) {
          break;
        }
        predictor.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (released < config.poolSize()) {
      LOG.warn(
          "embedder {}: {} predictors still busy after {} s; closing the model anyway",
          modelId,
          config.poolSize() - released,
          CLOSE_WAIT_SECONDS);
    }
    loaded.close();
  }

  @Override
  public String toString() {
    return "DjlSentenceEmbedder[" + modelId + ", " + config.engine().djlName() + ", "
        + loaded.origin + "]";
  }

  /** Tokenises one text, after the configured prefix. */
  private Encoding encode(String text) {
    return loaded.tokenizer.encode(config.prefix().isEmpty() ? text : config.prefix() + text);
  }

  private Embedding toEmbedding(float[] vector, TokenizedBatch batch, int row) {
    try {
      return Embedding.of(modelId, vector, batch.truncated[row], batch.tokenCounts[row],
          batch.unknownTokenCounts[row]);
    } catch (IllegalArgumentException e) {
      throw new EmbeddingException(
          "model " + loaded.origin + ": produced an unusable vector: " + e.getMessage(), e);
    }
  }

  /** The message of the innermost cause that has one; DJL wraps engine errors several times. */
  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null) {
        message = cause.getMessage();
      }
    }
    return String.valueOf(message);
  }

  private float[][] forward(TokenizedBatch batch) {
    Predictor<TokenizedBatch, float[][]> predictor = borrow();
    try {
      if (config.engine() == EmbeddingEngine.PYTORCH) {
        // TorchScript's profiling executor re-optimises the graph for each new input shape, which
        // our shapes (batch x tokens) nearly always are; it is a per-thread switch.
        JniUtils.setGraphExecutorOptimize(false);
      }
      return predictor.predict(batch);
    } catch (TranslateException | RuntimeException e) {
      throw new EmbeddingException(
          "model " + loaded.origin + ": inference failed on a batch of " + batch.rows + " x "
              + batch.width + " tokens: " + rootMessage(e), e);
    } finally {
      predictors.add(predictor);
    }
  }

  private Predictor<TokenizedBatch, float[][]> borrow() {
    try {
      while (true) {
        Predictor<TokenizedBatch, float[][]> predictor =
            predictors.poll(100, TimeUnit.MILLISECONDS);
        if (predictor != null) {
          if (closed.get()) {
            predictors.add(predictor); // let close() release it
            throw closedException();
          }
          return predictor;
        }
        requireOpen();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingException("embedder " + modelId + ": interrupted waiting for a predictor");
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw closedException();
    }
  }

  private EmbeddingException closedException() {
    return new EmbeddingException("embedder " + modelId + " is closed");
  }
}
