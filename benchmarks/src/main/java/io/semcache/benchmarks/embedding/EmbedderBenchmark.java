package io.semcache.benchmarks.embedding;

import io.semcache.Embedding;
import io.semcache.embedding.DjlSentenceEmbedder;
import io.semcache.embedding.EmbeddingEngine;
import io.semcache.embedding.Quantization;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm latency of the real all-MiniLM-L6-v2 embedder ({@code DjlSentenceEmbedder}), PyTorch against
 * OnnxRuntime, and the PyTorch directory's opt-in int8 export ({@code PYTORCH_INT8}, {@code
 * Quantization.INT8}): one short prompt from one caller and from two callers at once, and the 32 prompts
 * of {@link BenchmarkSentences#BATCH} in one {@code embedAll} (one forward pass; per-prompt cost =
 * score / 32). The memo is off, so every call runs the model. Sample-time mode reports the mean and
 * p50/p90/p99. {@code intraOpThreads} 1 is the library's default (one thread per inference); 0 is
 * the engine's own default (one per core). No empty baseline: at milliseconds per call it would
 * only repeat the model load.
 *
 * <p>The peer: {@code scripts/benchmark-baseline/run.sh} times sentence-transformers on the same
 * model and the same texts; run it in the same session.
 *
 * <pre>
 * scripts/provision-model.sh        # the PyTorch model; OnnxRuntime uses the bundled ONNX file
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar EmbedderBenchmark
 * scripts/benchmark-baseline/run.sh
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx2g"})
public class EmbedderBenchmark {

  /** An {@link EmbeddingEngine}, or PYTORCH_INT8: PyTorch with {@code Quantization.INT8}. */
  @Param({"PYTORCH", "PYTORCH_INT8", "ONNX_RUNTIME"})
  String engine;

  /** 1 is the library's default; 0 is the engine's own default (one thread per core). */
  @Param({"1", "0"})
  int intraOpThreads;

  private DjlSentenceEmbedder embedder;
  private List<String> batch;

  @Setup(Level.Trial)
  public void setUp() {
    // Two predictors: as many as callers in embedShortPromptTwoCallers (and cores here).
    boolean int8 = engine.equals("PYTORCH_INT8");
    embedder = Embedders.create(int8 ? EmbeddingEngine.PYTORCH : EmbeddingEngine.valueOf(engine),
        int8 ? Quantization.INT8 : Quantization.NONE, intraOpThreads, 2);
    batch = BenchmarkSentences.BATCH;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    embedder.close();
  }

  @Benchmark
  public Embedding embedShortPrompt() {
    return embedder.embed(BenchmarkSentences.SHORT_PROMPT);
  }

  /** Two request threads at once, each with its own predictor. */
  @Benchmark
  @Threads(2)
  public Embedding embedShortPromptTwoCallers() {
    return embedder.embed(BenchmarkSentences.SHORT_PROMPT);
  }

  @Benchmark
  public List<Embedding> embedBatchOf32() {
    return embedder.embedAll(batch);
  }
}
