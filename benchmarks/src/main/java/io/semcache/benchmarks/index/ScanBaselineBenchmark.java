package io.semcache.benchmarks.index;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reference points for {@link IndexSearchBenchmark} and {@code memory.MemoryLookupBenchmark}:
 * {@link #sequentialRead()} reads as many bytes as an exact scan of {@code size} 384-dimensional
 * vectors does, as 64-bit words summed into four independent accumulators (so that the loop is
 * bound by loads, not by an addition chain): the memory or cache bandwidth an exact scan could at
 * best reach. {@link #baseline()} is the cost of
 * calling a benchmark.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ScanBaselineBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ScanBaselineBenchmark {

  /** 1,000,000 pairs with {@code MemoryLookupBenchmark}'s full run (1.5 GB, filled in about a second). */
  @Param({"1000", "10000", "100000", "1000000"})
  int size;

  private long[] words;

  @Setup
  public void setUp() {
    // size vectors of 384 floats = size * 384 * 4 bytes = size * 192 longs
    words = new long[size * Fixtures.DIMENSION / 2];
    for (int i = 0; i < words.length; i++) {
      words[i] = i * 31L;
    }
  }

  @Benchmark
  public long sequentialRead() {
    long[] w = words;
    long s0 = 0;
    long s1 = 0;
    long s2 = 0;
    long s3 = 0;
    for (int i = 0; i < w.length; i += 4) {
      s0 += w[i];
      s1 += w[i + 1];
      s2 += w[i + 2];
      s3 += w[i + 3];
    }
    return s0 + s1 + s2 + s3;
  }

  @Benchmark
  public void baseline() {
    // intentionally empty
  }
}
