package io.semcache.benchmarks.embedding;

import io.semcache.Embedding;
import io.semcache.HitVerifier;
import io.semcache.HitVerifier.VerificationInput;
import io.semcache.Partition;
import io.semcache.embedding.CrossEncoderProvider;
import io.semcache.embedding.CrossEncoderVerifier;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cross-encoder verifier's cost per candidate against embedding one short prompt, in one run
 * (the baseline: issue 10 asks for at most 1x the embedding's p50 per candidate): one candidate,
 * and the four candidates of a lookup at the default {@code candidate_limit} in one forward pass
 * (per candidate = score / 4). PyTorch, one intra-op thread (the embedder's default), sample time.
 *
 * <pre>
 * scripts/provision-model.sh
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar CrossEncoderBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx2g"})
public class CrossEncoderBenchmark {

  private static final Partition PARTITION = Partition.of("bench", "any-llm");

  /** The cross-encoder's export: {@code none} (model.pt, the default) or {@code int8}. */
  @Param({"none", "int8"})
  public String quantization;

  private DjlSentenceEmbedder embedder;
  private CrossEncoderVerifier verifier;
  private List<VerificationInput> one;
  private List<VerificationInput> four;

  @Setup(Level.Trial)
  public void setUp() {
    embedder = Embedders.create(EmbeddingEngine.PYTORCH, 1, 1);
    verifier = CrossEncoderVerifier.create(CrossEncoderVerifier.provisionedDirectory(),
        CrossEncoderProvider.DEFAULT_CUTOFF, 1, Quantization.byId(quantization).orElseThrow(),
        null);
    String query = BenchmarkSentences.SHORT_PROMPT;
    one = List.of(new VerificationInput(PARTITION, query, "How can I change my account password?",
        0.9));
    four = List.of(one.get(0),
        new VerificationInput(PARTITION, query, "How do I reset my router password?", 0.88),
        new VerificationInput(PARTITION, query, "Where do I change my email password?", 0.87),
        new VerificationInput(PARTITION, query, "How do I recover a forgotten password?", 0.86));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    verifier.close();
    embedder.close();
  }

  @Benchmark
  public Embedding embedShortPrompt() {
    return embedder.embed(BenchmarkSentences.SHORT_PROMPT);
  }

  @Benchmark
  public List<HitVerifier.Verdict> crossEncoderOneCandidate() {
    return verifier.verifyAll(one);
  }

  @Benchmark
  public List<HitVerifier.Verdict> crossEncoderFourCandidates() {
    return verifier.verifyAll(four);
  }
}
