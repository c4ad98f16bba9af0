package io.semcache.embedding;

/** The DJL engine that runs the model. */
public enum EmbeddingEngine {
  /** libtorch, running a TorchScript file ({@code model.pt}). The default. */
  PYTORCH("PyTorch", ".pt"),
  /** ONNX Runtime, running an ONNX file ({@code model.onnx}). */
  ONNX_RUNTIME("OnnxRuntime", ".onnx");

  private final String djlName;
  private final String fileExtension;

  EmbeddingEngine(String djlName, String fileExtension) {
    this.djlName = djlName;
    this.fileExtension = fileExtension;
  }

  /** The engine's name in DJL ({@code ai.djl.engine.Engine#getEngine(String)}). */
  public String djlName() {
    return djlName;
  }

  /** The extension of the model file this engine loads, with its dot. */
  public String fileExtension() {
    return fileExtension;
  }
}
