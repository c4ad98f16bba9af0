package io.semcache.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  public String toJson() {
    StringBuilder json = new StringBuilder("{\n");
    json.append("  \"description\": \"").append(description.replace("\"", "'")).append("\",\n");
    json.append("  \"features\": [");
    for (int i = 0; i < features.size(); i++) {
      json.append(i == 0 ? "" : ", ").append('"').append(features.get(i)).append('"');
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
          .append('"').append(entries.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    json.append("\n  ]\n}\n");
    return json.toString();
  }

  /**
   * Reads {@link #toJson()}'s output.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static AcceptanceModel fromJson(String json) {
    String description = stringField(json, "description");
    List<String> names = new ArrayList<>();
    Matcher list = Pattern.compile("\"features\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
    if (!list.find()) {
      throw new IllegalArgumentException("features: missing");
    }
    Matcher name = Pattern.compile("\"([^\"]+)\"").matcher(list.group(1));
    while (name.find()) {
      names.add(name.group(1));
    }
    List<String> entries = new ArrayList<>();
    Matcher frequencies = Pattern.compile("\"document_frequencies\"\\s*:\\s*\\[(.*?)\\]",
        Pattern.DOTALL).matcher(json);
    if (!frequencies.find()) {
      throw new IllegalArgumentException("document_frequencies: missing");
    }
    Matcher entry = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(frequencies.group(1));
    while (entry.find()) {
      entries.add(entry.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    TermRarity rarity = TermRarity.fromEntries((int) number(json, "document_count"), entries);
    return new AcceptanceModel(names, array(json, "mean"), array(json, "scale"),
        array(json, "weights"), number(json, "bias"), rarity, description);
  }

  private static void appendArray(StringBuilder json, String field, double[] values) {
    json.append("  \"").append(field).append("\": [");
    for (int i = 0; i < values.length; i++) {
      json.append(i == 0 ? "" : ", ").append(values[i]);
    }
    json.append("],\n");
  }

  private static String stringField(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException(field + ": missing");
    }
    return m.group(1);
  }

  private static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*([-+0-9.eE]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException(field + ": missing");
    }
    return Double.parseDouble(m.group(1));
  }

  private static double[] array(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException(field + ": missing");
    }
    String[] parts = m.group(1).split(",");
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(field + "[" + i + "]: expected a number, got '"
            + parts[i].strip() + "'");
      }
    }
    return values;
  }
}
