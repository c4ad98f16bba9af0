package io.semcache.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.LongBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Feeds a {@link TokenizedBatch} to a model that returns token embeddings {@code [rows, width,
 * hidden]}, and pools them into one L2-normalised vector per row: the mean over the attention mask
 * ({@link Pooling#MEAN}) or the first token's embedding ({@link Pooling#CLS}).
 *
 * <p>Pooling runs in plain Java rather than as engine operations, so that PyTorch and OnnxRuntime
 * (whose NDArrays support few operations) share one implementation; its cost is tiny next to the
 * forward pass.
 */
final class PoolingTranslator implements Translator<TokenizedBatch, float[][]> {

  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  static final String TOKEN_EMBEDDINGS = "last_hidden_state";

  private static final String BATCH = "batch";

  private final List<String> inputNames;
  private final Pooling pooling;

  /**
   * @param inputNames the model's inputs in the order it takes them, each one of {@link
   *     #INPUT_IDS}, {@link #ATTENTION_MASK}, {@link #TOKEN_TYPE_IDS}
   * @param pooling how token embeddings become the sentence vector
   */
  PoolingTranslator(List<String> inputNames, Pooling pooling) {
    this.inputNames = List.copyOf(inputNames);
    this.pooling = pooling;
  }

  /** None: a {@link TokenizedBatch} already is a padded batch. */
  @Override
  public @Nullable Batchifier getBatchifier() {
    return null;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, TokenizedBatch batch) {
    ctx.setAttachment(BATCH, batch);
    NDManager manager = ctx.getNDManager();
    Shape shape = new Shape(batch.rows, batch.width);
    NDList inputs = new NDList(inputNames.size());
    for (String name : inputNames) {
      long[] data;
      switch (name) {
        case INPUT_IDS:
          data = batch.inputIds;
          break;
        case ATTENTION_MASK:
          data = batch.attentionMask;
          break;
        case TOKEN_TYPE_IDS:
          data = new long[batch.inputIds.length]; // one segment: all zeros
          break;
        default:
          throw new IllegalStateException("unsupported model input " + name);
      }
      NDArray array = manager.create(LongBuffer.wrap(data), shape);
      array.setName(name);
      inputs.add(array);
    }
    return inputs;
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList outputs) {
    TokenizedBatch batch = (TokenizedBatch) ctx.getAttachment(BATCH);
    NDArray tokens = outputs.get(TOKEN_EMBEDDINGS);
    if (tokens == null) {
      tokens = outputs.head();
    }
    Shape shape = tokens.getShape();
    if (shape.dimension() != 3 || shape.get(0) != batch.rows || shape.get(1) != batch.width) {
      throw new ModelOutputException(
          "expected token embeddings of shape [" + batch.rows + ", " + batch.width
              + ", hidden] as the model's first output, got " + shape);
    }
    int hidden = Math.toIntExact(shape.get(2));
    float[] flat = tokens.toFloatArray();
    float[][] pooled = new float[batch.rows][];
    double[] sum = new double[hidden];
    for (int row = 0; row < batch.rows; row++) {
      java.util.Arrays.fill(sum, 0);
      if (pooling == Pooling.CLS) {
        // Row-major [rows, width, hidden]: the first token of the row. Tokenisation always puts
        // [CLS] first, and padding is on the right.
        int base = row * batch.width * hidden;
        for (int d = 0; d < hidden; d++) {
          sum[d] = flat[base + d];
        }
        pooled[row] = normalise(sum, 1);
        continue;
      }
      int counted = 0;
      for (int t = 0; t < batch.width; t++) {
        if (batch.attentionMask[row * batch.width + t] == 0) {
          continue;
        }
        int base = (row * batch.width + t) * hidden;
        for (int d = 0; d < hidden; d++) {
          sum[d] += flat[base + d];
        }
        counted++;
      }
      pooled[row] = normalise(sum, Math.max(counted, 1));
    }
    return pooled;
  }

  private static float[] normalise(double[] sum, int count) {
    double squares = 0;
    for (double s : sum) {
      double mean = s / count;
      squares += mean * mean;
    }
    double norm = Math.sqrt(squares) * count;
    float[] vector = new float[sum.length];
    if (norm == 0) {
      return vector; // all zeros: Embedding.of rejects it with a clear message
    }
    for (int d = 0; d < sum.length; d++) {
      vector[d] = (float) (sum[d] / norm);
    }
    return vector;
  }

  /** The model's output is not token embeddings of the expected shape. */
  static final class ModelOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModelOutputException(String message) {
      super(message);
    }
  }
}
