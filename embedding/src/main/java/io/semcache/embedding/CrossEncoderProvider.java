package io.semcache.embedding;

import io.semcache.HitVerifier;
import io.semcache.verify.ModelVerifierProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link CrossEncoderVerifier} the default chain's model verifier when its model is
 * provisioned (registered in {@code META-INF/services}); see {@link
 * io.semcache.verify.Verifiers#defaults()}. Its timer and failure counter go to Micrometer's
 * global registry ({@code Metrics.globalRegistry}); add yours to it to see them.
 */
public final class CrossEncoderProvider implements ModelVerifierProvider {

  /** The default chain's cutoff; see the README ("Hit verification") for how it was chosen. */
  public static final double DEFAULT_CUTOFF = 0.10;

  @Override
  public String name() {
    return CrossEncoderVerifier.NAME;
  }

  @Override
  public double defaultCutoff() {
    return DEFAULT_CUTOFF;
  }

  @Override
  public boolean available() {
    return Files.isRegularFile(CrossEncoderVerifier.provisionedDirectory().resolve("model.pt"));
  }

  @Override
  public HitVerifier create(@Nullable Path modelDirectory, double cutoff) {
    return create(modelDirectory, cutoff, Quantization.NONE.id());
  }

  @Override
  public List<String> quantizations() {
    return Arrays.stream(Quantization.values()).map(Quantization::id).toList();
  }

  @Override
  public HitVerifier create(@Nullable Path modelDirectory, double cutoff, String quantization) {
    Quantization export = Quantization.of("quantization", quantization);
    return CrossEncoderVerifier.create(
        modelDirectory == null ? CrossEncoderVerifier.provisionedDirectory() : modelDirectory,
        cutoff, Runtime.getRuntime().availableProcessors(), export,
        io.micrometer.core.instrument.Metrics.globalRegistry);
  }
}
