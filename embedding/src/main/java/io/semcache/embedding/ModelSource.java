package io.semcache.embedding;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the model comes from. Only {@link Url} ever touches the network, and only when the user
 * configured such a URL; the others read local files or classpath resources.
 */
public sealed interface ModelSource {

  /**
   * A local directory holding {@code tokenizer.json} and the model file: {@code model.pt} (or
   * {@code <directory name>.pt}) for PyTorch, {@code model.onnx} (or {@code <directory name>.onnx})
   * for OnnxRuntime. {@code scripts/provision-model.sh} writes such a directory for PyTorch.
   */
  record Directory(Path path) implements ModelSource {
    public Directory {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return "directory " + path;
    }
  }

  /**
   * A DJL model URL, such as DJL's model zoo entry
   * {@code djl://ai.djl.huggingface.pytorch/sentence-transformers/all-MiniLM-L6-v2} (downloads
   * unless {@code ai.djl.offline=true}), or a {@code file:} URL of a local model directory. The
   * model directory must contain {@code tokenizer.json}.
   */
  record Url(URI uri) implements ModelSource {
    public Url {
      Objects.requireNonNull(uri, "uri");
      if (uri.getScheme() == null) {
        throw new IllegalArgumentException(
            "modelUrl: expected an absolute URL with a scheme (djl:, file:, https:), got " + uri);
      }
    }

    @Override
    public String toString() {
      return "url " + uri;
    }
  }

  /**
   * One of the {@linkplain BundledModel ONNX exports langchain4j ships in its Maven artifacts}:
   * the model and its tokenizer are read from the classpath. OnnxRuntime only.
   */
  record BundledOnnx(BundledModel model) implements ModelSource {
    public BundledOnnx {
      Objects.requireNonNull(model, "model");
    }

    @Override
    public String toString() {
      return "classpath " + model.modelResource() + " (" + model.artifact() + ")";
    }
  }

  /**
   * A model file and a {@code tokenizer.json} read as resources from the classpath, e.g. from a
   * jar that bundles them. A resource ending in {@code .onnx} runs on OnnxRuntime, one ending in
   * {@code .pt} (TorchScript) on PyTorch.
   */
  record Classpath(String modelResource, String tokenizerResource) implements ModelSource {
    public Classpath {
      Objects.requireNonNull(modelResource, "modelResource");
      Objects.requireNonNull(tokenizerResource, "tokenizerResource");
      if (modelResource.isBlank()) {
        throw new IllegalArgumentException("modelResource: expected a classpath resource name,"
            + " got \"" + modelResource + "\"");
      }
      if (tokenizerResource.isBlank()) {
        throw new IllegalArgumentException("tokenizerResource: expected a classpath resource"
            + " name, got \"" + tokenizerResource + "\"");
      }
      if (engineOf(modelResource) == null) {
        throw new IllegalArgumentException("modelResource: expected a name ending in .onnx or .pt,"
            + " got \"" + modelResource + "\"");
      }
    }

    /** The engine the model file's extension calls for. */
    public EmbeddingEngine engine() {
      return Objects.requireNonNull(engineOf(modelResource));
    }

    private static @Nullable EmbeddingEngine engineOf(String resource) {
      for (EmbeddingEngine engine : EmbeddingEngine.values()) {
        if (resource.endsWith(engine.fileExtension())) {
          return engine;
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "classpath " + modelResource + " with " + tokenizerResource;
    }
  }
}
