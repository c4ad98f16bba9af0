package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.semcache.EmbeddingException;
import io.semcache.HitVerifier.Verdict;
import io.semcache.HitVerifier.VerificationInput;
import io.semcache.Partition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real cross-encoder, as provisioned: parity with Python, batching, failing closed. */
class CrossEncoderVerifierTest {

  private static Path directory;
  private static SimpleMeterRegistry registry;
  private static CrossEncoderVerifier verifier;

  @BeforeAll
  static void load() {
    directory = ModelFixture.crossEncoderDirectory();
    registry = new SimpleMeterRegistry();
    verifier = CrossEncoderVerifier.create(directory, 0.5, 2, registry);
  }

  @AfterAll
  static void close() {
    if (verifier != null) {
      verifier.close();
    }
  }

  private record Reference(String query, String cached, double probability) {}

  private static List<Reference> references() throws IOException {
    JsonObject root = JsonParser.parseString(
        Files.readString(directory.resolve("reference-probabilities.json"))).getAsJsonObject();
    List<Reference> out = new ArrayList<>();
    for (JsonElement e : root.getAsJsonArray("pairs")) {
      JsonObject pair = e.getAsJsonObject();
      out.add(new Reference(pair.get("query").getAsString(), pair.get("cached").getAsString(),
          pair.get("probability").getAsDouble()));
    }
    return out;
  }

  @Test
  void probabilitiesMatchThePythonModelWithin1e4OnPairsTrainingNeverSaw() throws IOException {
    List<Reference> references = references();
    assertThat(references).hasSizeGreaterThan(50);
    double worst = 0;
    for (Reference r : references) {
      double p = verifier.pairProbabilities(List.of(r.query()), List.of(r.cached()), 1)[0];
      worst = Math.max(worst, Math.abs(p - r.probability()));
    }
    System.out.printf("cross-encoder parity: max |p_jvm - p_python| = %.2e over %d pairs%n",
        worst, references.size());
    assertThat(worst).as("max |p_jvm - p_python| over %d pairs", references.size())
        .isLessThanOrEqualTo(1e-4);
    // The reference set is not degenerate: both sides of the cutoff occur.
    assertThat(references).anyMatch(r -> r.probability() > 0.9)
        .anyMatch(r -> r.probability() < 0.1);
  }

  @Test
  void aBatchOfCandidatesScoresAsEachAlone() throws IOException {
    List<Reference> references = references().subList(0, 12);
    List<String> queries = references.stream().map(Reference::query).toList();
    List<String> cached = references.stream().map(Reference::cached).toList();
    double[] batched = verifier.pairProbabilities(queries, cached, 12);
    for (int i = 0; i < references.size(); i++) {
      assertThat(batched[i]).isCloseTo(references.get(i).probability(),
          org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void theInt8ExportMatchesThePythonInt8ModelAndScoresEachCandidateAlone() throws IOException {
    JsonObject root = JsonParser.parseString(
        Files.readString(directory.resolve("reference-probabilities.json"))).getAsJsonObject();
    List<String> queries = new ArrayList<>();
    List<String> cached = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    List<Double> float16 = new ArrayList<>();
    for (JsonElement e : root.getAsJsonArray("pairs")) {
      JsonObject pair = e.getAsJsonObject();
      // The int8 export needs fbgemm (x86-64); elsewhere provisioning writes none.
      org.junit.jupiter.api.Assumptions.assumeTrue(pair.has("int8"), "no int8 reference");
      queries.add(pair.get("query").getAsString());
      cached.add(pair.get("cached").getAsString());
      expected.add(pair.get("int8").getAsDouble());
      float16.add(pair.get("probability").getAsDouble());
    }
    try (CrossEncoderVerifier int8 = CrossEncoderVerifier.create(directory, 0.5, 1,
        Quantization.INT8, null)) {
      assertThat(int8.quantization()).isEqualTo(Quantization.INT8);
      // In one call of 16 pairs: each must still score as it did alone in Python.
      double[] got = int8.pairProbabilities(queries, cached, 16);
      double worst = 0;
      double drift = 0;
      for (int i = 0; i < got.length; i++) {
        worst = Math.max(worst, Math.abs(got[i] - expected.get(i)));
        drift = Math.max(drift, Math.abs(got[i] - float16.get(i)));
      }
      assertThat(worst).as("max |p_jvm_int8 - p_python_int8|").isLessThanOrEqualTo(1e-4);
      // A copy of model.pt would pass the parity check too: int8 must really be another export.
      assertThat(drift).as("max |p_int8 - p_float|").isGreaterThan(1e-3);
    }
  }

  @Test
  void verdictsFollowTheCutoffAndCarryTheVerifiersName() throws IOException {
    List<Reference> references = references();
    List<VerificationInput> inputs = references.stream()
        .map(r -> new VerificationInput(Partition.of("t", "m"), r.query(), r.cached(), 0.9))
        .toList();
    List<Verdict> verdicts = verifier.verifyAll(inputs);
    assertThat(verdicts).hasSize(references.size());
    // The verdict uses the smaller probability of the two orders.
    double[] reversed = verifier.pairProbabilities(
        references.stream().map(Reference::cached).toList(),
        references.stream().map(Reference::query).toList(), 16);
    for (int i = 0; i < references.size(); i++) {
      double p = Math.min(references.get(i).probability(), reversed[i]);
      if (Math.abs(p - 0.5) > 1e-3) {
        assertThat(verdicts.get(i).accepted()).as(references.get(i).toString()).isEqualTo(p >= 0.5);
      }
      if (!verdicts.get(i).accepted()) {
        assertThat(verdicts.get(i).reason()).startsWith("cross-encoder probability");
      }
    }
    assertThat(verifier.name()).isEqualTo("cross-encoder");
    assertThat(registry.get(CrossEncoderVerifier.DURATION).tag("verifier", "cross-encoder")
        .timer().count()).isGreaterThan(0);
  }

  @Test
  void aFailingModelRefusesEveryCandidateAndIsCounted() {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    CrossEncoderVerifier broken = CrossEncoderVerifier.create(directory, 0.0, 1, own);
    broken.close(); // every later call fails inside the verifier
    List<VerificationInput> inputs = List.of(
        new VerificationInput(Partition.of("t", "m"), "What does the fox say?",
            "What does the fox say?", 1.0),
        new VerificationInput(Partition.of("t", "m"), "a", "b", 0.9));
    List<Verdict> verdicts = broken.verifyAll(inputs);
    assertThat(verdicts).hasSize(2).noneMatch(Verdict::accepted);
    assertThat(verdicts.get(0).reason()).startsWith("cross-encoder failed");
    assertThat(broken.failures()).isEqualTo(1);
    assertThat(own.get(CrossEncoderVerifier.FAILURES).tag("verifier", "cross-encoder").counter()
        .count()).isEqualTo(1.0);
  }

  @Test
  void aMissingDirectoryFailsNamingTheFile(@TempDir Path empty) {
    assertThatThrownBy(() -> CrossEncoderVerifier.create(empty, 0.5, null))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("model.pt")
        .hasMessageContaining("provision-cross-encoder.sh");
    assertThatThrownBy(() -> CrossEncoderVerifier.create(empty, 1.5, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cutoff");
  }
}
