package io.semcache.tools;

import io.semcache.verify.AcceptanceFeatures;
import io.semcache.verify.AcceptanceModel;
import io.semcache.verify.PromptText;
import io.semcache.verify.TermRarity;
import java.util.List;
import java.util.Objects;

/**
 * Fits an {@link AcceptanceModel} to labelled examples: L2-regularised logistic regression on
 * standardised features, solved by Newton's method (a few iterations for a dozen features).
 */
public final class AcceptanceModelTrainer {

  /** One labelled example: a query, a candidate, their similarity, and whether to accept. */
  public record Example(String query, String candidate, double similarity, boolean accept) {
    public Example {
      Objects.requireNonNull(query, "query");
      Objects.requireNonNull(candidate, "candidate");
    }
  }

  /** Stems seen in fewer prompts than this are left out of the model's word rarities. */
  static final int MIN_DOCUMENT_FREQUENCY = 2;

  private static final int MAX_ITERATIONS = 50;

  private AcceptanceModelTrainer() {}

  /**
   * @param l2 the regularisation strength (1.0 is a sensible default for tens of thousands of
   *     examples)
   * @throws IllegalArgumentException if there are no examples of one of the two labels
   */
  public static AcceptanceModel fit(List<Example> examples, double l2, String description) {
    java.util.Set<String> texts = new java.util.LinkedHashSet<>();
    for (Example e : examples) {
      texts.add(e.query());
      texts.add(e.candidate());
    }
    TermRarity rarity = TermRarity.of(texts, MIN_DOCUMENT_FREQUENCY);
    List<double[]> features = new java.util.ArrayList<>(examples.size());
    for (Example e : examples) {
      features.add(AcceptanceFeatures.of(PromptText.of(e.query()), PromptText.of(e.candidate()),
          e.similarity(), rarity));
    }
    return fit(examples, features, rarity, l2, description);
  }

  private static AcceptanceModel fit(List<Example> examples, List<double[]> features,
      TermRarity rarity, double l2, String description) {
    int n = AcceptanceFeatures.NAMES.size();
    long positives = examples.stream().filter(Example::accept).count();
    if (positives == 0 || positives == examples.size()) {
      throw new IllegalArgumentException("examples: expected both accepted and refused examples,"
          + " got " + positives + " accepted of " + examples.size());
    }
    double[] mean = new double[n];
    double[] scale = new double[n];
    for (double[] f : features) {
      for (int j = 0; j < n; j++) {
        mean[j] += f[j];
      }
    }
    for (int j = 0; j < n; j++) {
      mean[j] /= examples.size();
    }
    for (double[] f : features) {
      for (int j = 0; j < n; j++) {
        double d = f[j] - mean[j];
        scale[j] += d * d;
      }
    }
    for (int j = 0; j < n; j++) {
      scale[j] = Math.sqrt(scale[j] / examples.size());
      if (scale[j] < 1e-9) {
        scale[j] = 1; // a constant feature: its weight stays near zero anyway
      }
    }
    int m = n + 1; // weights, then bias
    double[] beta = new double[m];
    double[] x = new double[m];
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] gradient = new double[m];
      double[][] hessian = new double[m][m];
      for (int r = 0; r < examples.size(); r++) {
        Example e = examples.get(r);
        double[] f = features.get(r);
        for (int j = 0; j < n; j++) {
          x[j] = (f[j] - mean[j]) / scale[j];
        }
        x[n] = 1;
        double z = 0;
        for (int j = 0; j < m; j++) {
          z += beta[j] * x[j];
        }
        double p = 1 / (1 + Math.exp(-z));
        double residual = (e.accept() ? 1 : 0) - p;
        double w = p * (1 - p);
        for (int j = 0; j < m; j++) {
          gradient[j] += residual * x[j];
          for (int k = 0; k <= j; k++) {
            hessian[j][k] += w * x[j] * x[k];
          }
        }
      }
      for (int j = 0; j < m; j++) {
        for (int k = 0; k < j; k++) {
          hessian[k][j] = hessian[j][k];
        }
        if (j < n) { // the bias is not regularised
          gradient[j] -= l2 * beta[j];
          hessian[j][j] += l2;
        }
      }
      double[] step = solve(hessian, gradient);
      double change = 0;
      for (int j = 0; j < m; j++) {
        beta[j] += step[j];
        change = Math.max(change, Math.abs(step[j]));
      }
      if (change < 1e-8) {
        break;
      }
    }
    double[] weights = new double[n];
    System.arraycopy(beta, 0, weights, 0, n);
    return new AcceptanceModel(AcceptanceFeatures.NAMES, mean, scale, weights, beta[n], rarity,
        description);
  }

  /** Solves {@code a x = b} for a symmetric positive definite {@code a} (Cholesky). */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j][j];
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = b[i];
      for (int k = 0; k < i; k++) {
        sum -= l[i][k] * y[k];
      }
      y[i] = sum / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = y[i];
      for (int k = i + 1; k < n; k++) {
        sum -= l[k][i] * x[k];
      }
      x[i] = sum / l[i][i];
    }
    return x;
  }
}
