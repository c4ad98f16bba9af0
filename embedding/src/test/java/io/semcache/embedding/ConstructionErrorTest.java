package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.semcache.EmbeddingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken model fails when the embedder is created, naming the path and what was expected. */
class ConstructionErrorTest {

  @Test
  void missingModelDirectoryIsNamed(@TempDir Path parent) {
    Path missing = parent.resolve("no-such-model");
    assertThatThrownBy(() -> create(DjlEmbedderConfig.builder().modelDirectory(missing)))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("expected a directory holding tokenizer.json and a TorchScript")
        .hasMessageContaining("does not exist");
  }

  @Test
  void modelDirectoryThatIsAFileIsNamed(@TempDir Path parent) throws IOException {
    Path file = Files.writeString(parent.resolve("model.pt"), "not a directory");
    assertThatThrownBy(() -> create(DjlEmbedderConfig.builder().modelDirectory(file)))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("it is a file");
  }

  @Test
  void missingTokenizerIsNamed(@TempDir Path directory) throws IOException {
    Files.writeString(directory.resolve("model.pt"), "unused");
    assertThatThrownBy(() -> create(DjlEmbedderConfig.builder().modelDirectory(directory)))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("expected the model's HuggingFace tokenizer at "
            + directory.resolve("tokenizer.json"))
        .hasMessageContaining("not found");
  }

  @Test
  void missingModelFileIsNamedWithTheFileNamesLookedFor(@TempDir Path directory)
      throws IOException {
    Files.writeString(directory.resolve("tokenizer.json"), "{}");
    String name = directory.getFileName().toString();
    assertThatThrownBy(() -> create(DjlEmbedderConfig.builder().modelDirectory(directory)))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("expected a TorchScript model file named model.pt or " + name + ".pt")
        .hasMessageContaining("found none");
  }

  @Test
  void onnxFileInADirectoryGivenToPyTorchSuggestsTheOtherEngine(@TempDir Path directory)
      throws IOException {
    Files.writeString(directory.resolve("tokenizer.json"), "{}");
    Files.writeString(directory.resolve("model.onnx"), "unused");
    assertThatThrownBy(() -> create(DjlEmbedderConfig.builder().modelDirectory(directory)))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("it holds a .onnx file: use engine ONNX_RUNTIME");
  }

  @Test
  void unreadableModelFileIsNamed(@TempDir Path directory) throws IOException {
    Files.copy(
        ModelFixture.pytorchModelDirectory().resolve("tokenizer.json"),
        directory.resolve("tokenizer.json"));
    Path modelFile = Files.writeString(directory.resolve("model.pt"), "not TorchScript");
    assertThatThrownBy(() -> create(DjlEmbedderConfig.builder().modelDirectory(directory)))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("model file " + modelFile)
        .hasMessageContaining("expected a TorchScript model file, but PyTorch could not load it");
  }

  @Test
  void modelWhoseDimensionIsNotTheConfiguredOneFailsAtConstruction() {
    Path directory = ModelFixture.pytorchModelDirectory();
    assertThatThrownBy(
            () ->
                create(
                    DjlEmbedderConfig.builder().modelDirectory(directory).expectedDimension(768)))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining(directory.resolve("model.pt").toString())
        .hasMessageContaining(
            "expected vectors of dimension 768 (expectedDimension), but the model produces 384");
  }

  @Test
  void bundledModelWithTheWrongDimensionFailsTooOnOnnxRuntime() {
    assertThatThrownBy(
            () -> create(DjlEmbedderConfig.builder().bundledOnnxModel().expectedDimension(512)))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("classpath:all-minilm-l6-v2.onnx")
        .hasMessageContaining("expected vectors of dimension 512");
  }

  @Test
  void unreachableUrlFailsWithTheUrlAndTheOfflineNote() {
    String url = "djl://ai.djl.huggingface.pytorch/sentence-transformers/all-MiniLM-L6-v2";
    assertThatThrownBy(() -> create(DjlEmbedderConfig.builder().modelUrl(url)))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("model url " + url)
        .hasMessageContaining("ai.djl.offline=true forbids downloads");
  }

  @Test
  void missingClasspathResourcesAreNamed() {
    assertThatThrownBy(
            () ->
                create(
                    DjlEmbedderConfig.builder()
                        .classpathModel("no/such/model.onnx", "bge-small-en-v1.5-tokenizer.json")))
        .isInstanceOf(EmbeddingException.class)
        .hasMessage(
            "classpath resource no/such/model.onnx: expected it on the classpath, not found");
    assertThatThrownBy(
            () ->
                create(
                    DjlEmbedderConfig.builder()
                        .classpathModel("bge-small-en-v1.5-q.onnx", "no/such/tokenizer.json")))
        .isInstanceOf(EmbeddingException.class)
        .hasMessage(
            "classpath resource no/such/tokenizer.json: expected it on the classpath, not found");
  }

  @Test
  void aClasspathResourceThatIsNoModelFailsWithItsName() {
    assertThatThrownBy(
            () ->
                create(
                    DjlEmbedderConfig.builder()
                        .classpathModel("not-a-model.onnx", "bge-small-en-v1.5-tokenizer.json")))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageStartingWith("model classpath:not-a-model.onnx: expected an ONNX model file,"
            + " but OnnxRuntime could not load it");
  }

  private static void create(DjlEmbedderConfig.Builder builder) {
    DjlSentenceEmbedder.create(builder.build()).close();
  }
}
