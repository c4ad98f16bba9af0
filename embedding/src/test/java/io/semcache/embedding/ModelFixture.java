package io.semcache.embedding;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the model directory that {@code scripts/provision-model.sh} writes, its reference
 * embeddings, and the shared evaluation data. Surefire passes their locations as system properties
 * ({@code semcache.model.dir}, {@code semcache.reference.file}, {@code semcache.shared.data.dir}).
 *
 * <p>When the model is missing, a test that needs it fails on CI ({@code CI=true}) and is skipped
 * elsewhere, in both cases with a message saying how to provision it.
 */
final class ModelFixture {

  /** One sentence of the reference file: text, sentence-transformers' vector and token count. */
  /** {@code unknownTokens} is -1 in reference files written before it was recorded. */
  record ReferenceSentence(String text, float[] vector, int tokens, boolean truncated,
      int unknownTokens) {}

  /** One pair of paraphrase-pairs.json. */
  record ParaphrasePair(String origin, String similar) {}

  private ModelFixture() {}

  /** The provisioned PyTorch model directory; fails on CI or skips elsewhere when missing. */
  static Path pytorchModelDirectory() {
    Path directory = Paths.get(requiredProperty("semcache.model.dir"));
    Path modelFile = directory.resolve("model.pt");
    Path provenance = directory.resolve("provenance.json");
    if (!Files.isRegularFile(modelFile) || !Files.isRegularFile(provenance)) {
      missing("the all-MiniLM-L6-v2 TorchScript model at " + directory);
    }
    return directory;
  }

  /**
   * The cross-encoder verifier directory that {@code scripts/provision-cross-encoder.sh} writes
   * (called by provision-model.sh); fails on CI or skips elsewhere when missing.
   */
  static Path crossEncoderDirectory() {
    Path directory = Paths.get(requiredProperty("semcache.cross.encoder.dir"));
    if (!Files.isRegularFile(directory.resolve("model.pt"))
        || !Files.isRegularFile(directory.resolve("provenance.json"))) {
      missing("the cross-encoder verifier at " + directory);
    }
    return directory;
  }

  /** The sentence-transformers reference vectors written beside the model. */
  static List<ReferenceSentence> referenceSentences() {
    pytorchModelDirectory();
    Path file = Paths.get(requiredProperty("semcache.reference.file"));
    if (!Files.isRegularFile(file)) {
      missing("the reference embeddings at " + file);
    }
    JsonObject root = parse(file).getAsJsonObject();
    List<ReferenceSentence> sentences = new ArrayList<>();
    for (JsonElement element : root.getAsJsonArray("sentences")) {
      JsonObject entry = element.getAsJsonObject();
      JsonArray components = entry.getAsJsonArray("vector");
      float[] vector = new float[components.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = components.get(i).getAsFloat();
      }
      sentences.add(referenceSentence(entry, vector));
    }
    return sentences;
  }

  /**
   * sentence-transformers' vectors for a {@link BundledModel} preset, written by {@code
   * src/test/python/onnx_reference.py} into the test resource {@code reference/<id>.json}.
   */
  static List<ReferenceSentence> bundledReferenceSentences(BundledModel model) {
    String name = "reference/" + model.id() + ".json";
    JsonObject root;
    try (java.io.InputStream in = ModelFixture.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        fail("expected the test resource " + name + " (src/test/python/onnx_reference.py)");
      }
      root = JsonParser.parseReader(
          new java.io.InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ReferenceSentence> sentences = new ArrayList<>();
    for (JsonElement element : root.getAsJsonArray("sentences")) {
      JsonObject entry = element.getAsJsonObject();
      java.nio.FloatBuffer floats = java.nio.ByteBuffer
          .wrap(java.util.Base64.getDecoder().decode(entry.get("vector").getAsString()))
          .order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer();
      float[] vector = new float[floats.remaining()];
      floats.get(vector);
      sentences.add(referenceSentence(entry, vector));
    }
    return sentences;
  }

  /** One entry of a reference file, its vector already decoded (the files encode it differently). */
  private static ReferenceSentence referenceSentence(JsonObject entry, float[] vector) {
    return new ReferenceSentence(entry.get("text").getAsString(), vector,
        entry.get("tokens").getAsInt(), entry.get("truncated").getAsBoolean(),
        entry.has("unknownTokens") ? entry.get("unknownTokens").getAsInt() : -1);
  }

  /** ../shared/data/paraphrase-pairs.json, in file order. */
  static List<ParaphrasePair> paraphrasePairs() {
    Path file = sharedDataDirectory().resolve("paraphrase-pairs.json");
    if (!Files.isRegularFile(file)) {
      // Only quality measurements read the shared data; a clone without it skips them, CI fails.
      String message = "missing the shared evaluation data " + file + " (../shared/data beside the"
          + " repository, or -Dsemcache.shared.data.dir): this quality measurement needs it";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      System.err.println("SKIPPED (not on CI): " + message);
      abort(message);
    }
    List<ParaphrasePair> pairs = new ArrayList<>();
    for (JsonElement element : parse(file).getAsJsonArray()) {
      JsonObject pair = element.getAsJsonObject();
      pairs.add(
          new ParaphrasePair(pair.get("origin").getAsString(), pair.get("similar").getAsString()));
    }
    return pairs;
  }

  /**
   * The repository's sibling {@code ../shared/data}: from the system property when surefire runs,
   * else found from the working directory (the repository root or a module), for the benchmark.
   */
  static Path sharedDataDirectory() {
    String configured = System.getProperty("semcache.shared.data.dir");
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured);
    }
    for (String candidate : new String[] {"../shared/data", "../../shared/data"}) {
      Path directory = Paths.get(candidate).toAbsolutePath().normalize();
      if (Files.isDirectory(directory)) {
        return directory;
      }
    }
    return Paths.get("../shared/data").toAbsolutePath().normalize();
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      normA += (double) a[i] * a[i];
      normB += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(normA * normB);
  }

  private static JsonElement parse(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      fail("system property " + name + " is not set; run the tests with Maven (surefire sets it)");
    }
    return value;
  }

  private static void missing(String what) {
    String message =
        "missing " + what + ": run scripts/provision-model.sh first (writes it under"
            + " ${SEMCACHE_CACHE_DIR:-$HOME/.cache/semcache}/models)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    // Surefire shows a class skipped from @BeforeAll as "0 tests run"; say why where it is seen.
    System.err.println("SKIPPED (not on CI): " + message);
    abort(message);
  }
}
