package io.semcache.benchmarks.verify;

import io.semcache.HitVerifier;
import io.semcache.HitVerifier.VerificationInput;
import io.semcache.Partition;
import io.semcache.benchmarks.embedding.BenchmarkSentences;
import io.semcache.verify.AcceptanceModel;
import io.semcache.verify.AcceptanceVerifier;
import io.semcache.verify.NameVerifier;
import io.semcache.verify.NumberVerifier;
import io.semcache.verify.PolarityVerifier;
import io.semcache.verify.Verifiers;
import io.semcache.verify.WordOrderVerifier;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What hit verification adds to a lookup: one candidate checked by each verifier alone and by the
 * default chain (what a lookup pays per candidate it verifies; a lookup verifies at most {@code
 * candidate_limit} candidates, usually one). Compare with the embedding benchmarks of the same
 * run: verification must cost well under the embedding of the prompt.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar VerificationBenchmark -f 1 -wi 3 -i 5 -bm sample -tu us
 * </pre>
 *
 * Sample mode gives p50/p99 per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class VerificationBenchmark {

  /** The verifier(s) measured. */
  public enum Chain {
    POLARITY, NUMBERS, NAMES, WORD_ORDER, RULES, ACCEPTANCE_MODEL, DEFAULT_CHAIN
  }

  @Param
  public Chain chain;

  private List<HitVerifier> verifiers;
  private VerificationInput[] inputs;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    AcceptanceModel model = AcceptanceModel.defaultModel();
    verifiers = switch (chain) {
      case POLARITY -> List.of(new PolarityVerifier());
      case NUMBERS -> List.of(new NumberVerifier());
      case NAMES -> List.of(new NameVerifier());
      case WORD_ORDER -> List.of(new WordOrderVerifier());
      case RULES -> Verifiers.rules();
      case ACCEPTANCE_MODEL -> List.of(new AcceptanceVerifier(model, 0.5));
      case DEFAULT_CHAIN -> Verifiers.defaults();
    };
    // 32 different pairs, more texts than the verifiers' per-thread memo holds: each call
    // analyses its query and candidate afresh, as a lookup does.
    List<String> queries = BenchmarkSentences.PARAPHRASES;
    List<String> candidates = BenchmarkSentences.BATCH;
    inputs = new VerificationInput[Math.min(queries.size(), candidates.size())];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = new VerificationInput(Partition.of("t", "m"), queries.get(i), candidates.get(i),
          0.93);
    }
  }

  @Benchmark
  public void verifyOneCandidate(Blackhole blackhole) {
    VerificationInput input = inputs[next];
    next = (next + 1) % inputs.length;
    for (HitVerifier verifier : verifiers) {
      HitVerifier.Verdict verdict = verifier.verify(input);
      blackhole.consume(verdict);
      if (!verdict.accepted()) {
        return;
      }
    }
  }

  /** The floor of the harness: picking an input and nothing else. */
  @Benchmark
  public void baseline(Blackhole blackhole) {
    blackhole.consume(inputs[next]);
    next = (next + 1) % inputs.length;
  }
}
