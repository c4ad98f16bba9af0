package io.semcache.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.Embedding;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript model and its tokenizer read as classpath resources (the provisioned model,
 * linked into a folder that a class loader serves) embed like the same files read from their
 * directory.
 */
class ClasspathModelTest {

  @Test
  void pytorchModelFromTheClasspathGivesTheDirectorysVectors(@TempDir Path root)
      throws IOException {
    Path directory = ModelFixture.pytorchModelDirectory();
    Path folder = Files.createDirectory(root.resolve("minilm"));
    Files.createSymbolicLink(folder.resolve("model.pt"), directory.resolve("model.pt"));
    Files.createSymbolicLink(folder.resolve("tokenizer.json"), directory.resolve("tokenizer.json"));
    List<String> texts = List.of("How do I reset my password?", "I forgot my password",
        "What is the capital of France?");

    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      try (DjlSentenceEmbedder fromClasspath = DjlSentenceEmbedder.create(
              DjlEmbedderConfig.builder()
                  .classpathModel("minilm/model.pt", "minilm/tokenizer.json")
                  .poolSize(1)
                  .build());
          DjlSentenceEmbedder fromDirectory = DjlSentenceEmbedder.create(
              DjlEmbedderConfig.builder().modelDirectory(directory).poolSize(1).build())) {
        assertThat(fromClasspath.config().engine()).isEqualTo(EmbeddingEngine.PYTORCH);
        assertThat(fromClasspath.modelId()).isEqualTo(fromDirectory.modelId());
        assertThat(fromClasspath.toString()).contains("classpath:minilm/model.pt");
        List<Embedding> expected = fromDirectory.embedAll(texts);
        List<Embedding> actual = fromClasspath.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
          assertThat(actual.get(i).cosine(expected.get(i))).as(texts.get(i))
              .isGreaterThan(0.999999);
        }
      }
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
