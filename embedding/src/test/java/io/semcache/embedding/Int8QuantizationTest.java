package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.semcache.Embedding;
import io.semcache.EmbeddingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in int8 export ({@link Quantization#INT8}, {@code model-int8.pt}) on the real model: its
 * own model id, parity with sentence-transformers down to the floor the provisioning enforces
 * (recorded in provenance.json), and that it really is another export than {@code model.pt}.
 */
class Int8QuantizationTest {

  @Test
  void int8RunsTheQuantizedExportUnderItsOwnModelId() throws IOException {
    Path directory = ModelFixture.pytorchModelDirectory();
    List<ModelFixture.ReferenceSentence> references = ModelFixture.referenceSentences();
    JsonObject exports = JsonParser.parseString(
        Files.readString(directory.resolve("provenance.json"))).getAsJsonObject()
        .getAsJsonObject("parity");
    // The int8 export needs torch's fbgemm engine (x86-64); elsewhere provisioning skips it.
    boolean x86 = System.getProperty("os.arch").matches("amd64|x86_64");
    if (!x86) {
      assumeTrue(exports.has("model-int8.pt"), "no model-int8.pt: provisioned without fbgemm");
    }
    assertThat(exports.has("model-int8.pt")).as("model-int8.pt provisioned (x86-64)").isTrue();
    JsonObject parity = exports.getAsJsonObject("model-int8.pt");
    double floor = parity.get("floor").getAsDouble();
    try (DjlSentenceEmbedder int8 = DjlSentenceEmbedder.create(DjlEmbedderConfig.builder()
            .modelDirectory(directory).quantization(Quantization.INT8).build());
        DjlSentenceEmbedder plain = DjlSentenceEmbedder.create(DjlEmbedderConfig.builder()
            .modelDirectory(directory).build())) {
      assertThat(int8.modelId()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2[int8]@256");
      assertThat(int8.modelId()).isNotEqualTo(plain.modelId());
      List<String> texts = references.stream().map(ModelFixture.ReferenceSentence::text).toList();
      List<Embedding> vectors = int8.embedAll(texts);
      ParityReport.assertParity("PyTorch int8 embedAll", references, vectors, floor);
      // A copy of model.pt would pass the floor too: the int8 vectors must differ from it.
      double lowest = 1;
      for (int i = 0; i < texts.size(); i++) {
        lowest = Math.min(lowest, ModelFixture.cosine(vectors.get(i).toArray(),
            plain.embed(texts.get(i)).toArray()));
      }
      assertThat(lowest).as("lowest cosine between the int8 and the default export")
          .isLessThan(0.999);
      assertThat(vectors.get(0).modelId()).isEqualTo(int8.modelId());
    }
  }

  @Test
  void aDirectoryWithoutTheInt8ExportIsAClearError(@TempDir Path directory) throws IOException {
    Path provisioned = ModelFixture.pytorchModelDirectory();
    Files.copy(provisioned.resolve("tokenizer.json"), directory.resolve("tokenizer.json"));
    Files.createSymbolicLink(directory.resolve("model.pt"), provisioned.resolve("model.pt"));
    DjlEmbedderConfig config = DjlEmbedderConfig.builder().modelDirectory(directory)
        .quantization(Quantization.INT8).build();
    assertThatThrownBy(() -> DjlSentenceEmbedder.create(config))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("expected a TorchScript model file named model-int8.pt")
        .hasMessageContaining("found none (quantization INT8; semcache's"
            + " scripts/provision-model.sh writes it beside model.pt)");
  }
}
