package io.semcache.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A logistic regression over {@link AcceptanceFeatures}: the probability that serving the
 * candidate's response for the query is right. Small and inspectable: one weight per named
 * feature, on standardised features, stored as JSON. Fit one on your own labelled pairs with the
 * calibration command ({@code scripts/evaluate.sh --fit-acceptance-model}); the default was fitted
 * on ../shared/data/qqp-dev.jsonl.
 */
public final class AcceptanceModel {

  private static final String DEFAULT_RESOURCE = "default-acceptance-model.json";

  private final List<String> features;
  private final double[] mean;
  private final double[] scale;
  private final double[] weights;
  private final double bias;
  private final TermRarity rarity;
  private final String description;

  /**
   * @throws IllegalArgumentException if the arrays do not all have one value per feature, a scale
   *     is not positive, or the features are not {@link AcceptanceFeatures#NAMES}
   */
  public AcceptanceModel(List<String> features, double[] mean, double[] scale, double[] weights,
      double bias, TermRarity rarity, String description) {
    this.features = List.copyOf(features);
    if (!this.features.equals(AcceptanceFeatures.NAMES)) {
      throw new IllegalArgumentException("features: expected " + AcceptanceFeatures.NAMES
          + ", got " + features + " (a model of another version)");
    }
    int n = features.size();
    for (double[] array : new double[][] {mean, scale, weights}) {
      if (array.length != n) {
        throw new IllegalArgumentException("expected " + n + " values per array, got "
            + array.length);
      }
    }
    for (int i = 0; i < n; i++) {
      if (!(scale[i] > 0) || !Double.isFinite(mean[i]) || !Double.isFinite(weights[i])) {
        throw new IllegalArgumentException("feature " + features.get(i)
            + ": expected a finite mean and weight and a positive scale");
      }
    }
    this.mean = mean.clone();
    this.scale = scale.clone();
    this.weights = weights.clone();
    this.bias = bias;
    this.rarity = Objects.requireNonNull(rarity, "rarity");
    this.description = Objects.requireNonNull(description, "description");
  }

  /** The model shipped with semcache, fitted on qqp-dev.jsonl (see the README). */
  public static AcceptanceModel defaultModel() {
    try (InputStream in = AcceptanceModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/semcache/verify/" + DEFAULT_RESOURCE);
      }
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The probability that the candidate's response answers the query. */
  public double probability(PromptText query, PromptText candidate, double similarity) {
    return probability(AcceptanceFeatures.of(query, candidate, similarity, rarity));
  }

  /** The word rarities the model was fitted with. */
  public TermRarity rarity() {
    return rarity;
  }

  /** The probability for already computed {@link AcceptanceFeatures}. */
  public double probability(double[] featureValues) {
    double z = bias;
    for (int i = 0; i < weights.length; i++) {
      z += weights[i] * (featureValues[i] - mean[i]) / scale[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  public String description() {
    return description;
  }

  /** Weight per feature (on standardised values), for people reading the model. */
  public List<String> explain() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      lines.add(String.format(Locale.ROOT, "%-30s %+.3f", features.get(i), weights[i]));
    }
    lines.add(String.format(Locale.ROOT, "%-30s %+.3f", "(bias)", bias));
    return lines;
  }

  /** The model as JSON, the layout {@link #fromJson} reads; every string properly escaped. */
  public String toJson() {
    StringBuilder json = new StringBuilder("{\n");
    json.append("  \"description\": ").append(quote(description)).append(",\n");
    json.append("  \"features\": [");
    for (int i = 0; i < features.size(); i++) {
      json.append(i == 0 ? "" : ", ").append(quote(features.get(i)));
    }
    json.append("],\n");
    appendArray(json, "mean", mean);
    appendArray(json, "scale", scale);
    appendArray(json, "weights", weights);
    json.append("  \"bias\": ").append(bias).append(",\n");
    json.append("  \"document_count\": ").append(rarity.documents()).append(",\n");
    json.append("  \"document_frequencies\": [");
    List<String> entries = rarity.entries();
    for (int i = 0; i < entries.size(); i++) {
      json.append(i == 0 ? "" : ",").append(i % 8 == 0 ? "\n    " : " ")
          .append(quote(entries.get(i)));
    }
    json.append("\n  ]\n}\n");
    return json.toString();
  }

  /**
   * Reads a model file ({@link #toJson()}'s layout) with a real parser: SnakeYAML's safe loader,
   * which reads JSON (a subset of YAML's flow style) with all its escapes.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static AcceptanceModel fromJson(String json) {
    Objects.requireNonNull(json, "json");
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(0);
    Object document;
    try {
      document = new Yaml(new SafeConstructor(options)).load(json);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("not a JSON model file: " + e.getMessage(), e);
    }
    if (!(document instanceof Map<?, ?> root)) {
      throw new IllegalArgumentException("expected a JSON object at the top level");
    }
    String description = field(root, "description", String.class, "a string");
    List<String> names = strings(root, "features");
    List<String> entries = strings(root, "document_frequencies");
    TermRarity rarity = TermRarity.fromEntries(
        (int) number(field(root, "document_count", Object.class, "a number"), "document_count"),
        entries);
    return new AcceptanceModel(names, array(root, "mean"), array(root, "scale"),
        array(root, "weights"), number(field(root, "bias", Object.class, "a number"), "bias"),
        rarity, description);
  }

  private static void appendArray(StringBuilder json, String field, double[] values) {
    json.append("  \"").append(field).append("\": [");
    for (int i = 0; i < values.length; i++) {
      json.append(i == 0 ? "" : ", ").append(values[i]);
    }
    json.append("],\n");
  }

  /** A JSON string literal: quotes, backslashes and control characters escaped. */
  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    text.chars().forEach(c -> out.append(switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", c) : String.valueOf((char) c);
    }));
    return out.append('"').toString();
  }

  private static <T> T field(Map<?, ?> root, String name, Class<T> type, String expected) {
    Object value = root.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + ": missing");
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(name + ": expected " + expected);
    }
    return type.cast(value);
  }

  private static List<String> strings(Map<?, ?> root, String name) {
    List<?> list = field(root, name, List.class, "a list of strings");
    List<String> values = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String value)) {
        throw new IllegalArgumentException(name + "[" + i + "]: expected a string");
      }
      values.add(value);
    }
    return values;
  }

  private static double[] array(Map<?, ?> root, String name) {
    List<?> list = field(root, name, List.class, "a list of numbers");
    double[] values = new double[list.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = number(list.get(i), name + "[" + i + "]");
    }
    return values;
  }

  private static double number(Object value, String name) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof String text) {
      // YAML 1.1 reads a JSON number without a dot but with an exponent (1e-05) as a string.
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(name + ": expected a number, got " + value);
  }
}
