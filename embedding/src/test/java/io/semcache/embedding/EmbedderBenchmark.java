package io.semcache.embedding;

import io.semcache.Embedding;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
 * Warm latency of the embedder on each engine: one short prompt from one caller and from two
 * callers at once, and a batch of 32 distinct prompts in one {@code embedAll} (per-prompt cost =
 * score / 32). The memo is off, so every call runs the model. Sample-time mode reports p50 and
 * p99.
 *
 * <p>Run (after {@code scripts/provision-model.sh}), from the repository root:
 *
 * <pre>
 * mvn -q -o -pl embedding -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * CP=embedding/target/test-classes:embedding/target/classes:$(cat embedding/target/test-classpath.txt)
 * java -cp "$CP" org.openjdk.jmh.Main EmbedderBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx2g"})
public class EmbedderBenchmark {

  /** A typical short chat prompt: 9 tokens with [CLS] and [SEP]. */
  static final String SHORT_PROMPT = "How do I reset my password?";

  @Param({"PYTORCH", "ONNX_RUNTIME"})
  public EmbeddingEngine engine;

  /** 1 is the default; 0 is the engine's own default (one thread per core). */
  @Param({"1", "0"})
  public int intraOpThreads;

  private DjlSentenceEmbedder embedder;
  private List<String> batch;

  @Setup(Level.Trial)
  public void setUp() {
    DjlEmbedderConfig.Builder config =
        DjlEmbedderConfig.builder().engine(engine).poolSize(2).intraOpThreads(intraOpThreads);
    if (engine == EmbeddingEngine.PYTORCH) {
      config.modelDirectory(modelDirectory());
    } else {
      config.bundledOnnxModel();
    }
    embedder = DjlSentenceEmbedder.create(config.build());
    batch =
        ModelFixture.paraphrasePairs().stream()
            .limit(32)
            .map(ModelFixture.ParaphrasePair::origin)
            .collect(Collectors.toList());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    embedder.close();
  }

  @Benchmark
  public Embedding embedShortPrompt() {
    return embedder.embed(SHORT_PROMPT);
  }

  /** Two request threads at once, each with its own predictor (this machine has 2 cores). */
  @Benchmark
  @Threads(2)
  public Embedding embedShortPromptTwoCallers() {
    return embedder.embed(SHORT_PROMPT);
  }

  @Benchmark
  public List<Embedding> embedBatchOf32() {
    return embedder.embedAll(batch);
  }

  @Benchmark
  public void baseline() {}

  private static Path modelDirectory() {
    String configured = System.getProperty("semcache.model.dir");
    if (configured != null) {
      return Paths.get(configured);
    }
    String cache = System.getenv("SEMCACHE_CACHE_DIR");
    Path cacheDir =
        cache != null ? Paths.get(cache) : Paths.get(System.getProperty("user.home"), ".cache",
            "semcache");
    return cacheDir.resolve("models").resolve("all-MiniLM-L6-v2-pytorch");
  }
}
