package io.semcache.tools;

import io.semcache.tools.AcceptanceModelTrainer;
import io.semcache.tools.AcceptanceModelTrainer.Example;
import io.semcache.verify.AcceptanceModel;
import io.semcache.verify.PromptText;
import io.semcache.verify.Verifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits the acceptance model on labelled pairs and estimates how it does on pairs it has not seen:
 * k-fold cross-validation with folds made of whole connected groups of questions, so that no
 * question of a held-out fold was seen in training (the way ../shared/data split qqp-dev from
 * its other half).
 */
final class AcceptanceFitting {

  static final double L2 = 1.0;

  private AcceptanceFitting() {}

  /** Whether the rule verifiers ({@link Verifiers#rules()}) let each pair through. */
  static boolean[] passesRules(List<LabeledPair> pairs) {
    boolean[] passes = new boolean[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      passes[i] = Verifiers.ruleRefusal(pairs.get(i).a(), pairs.get(i).b()) == null;
    }
    return passes;
  }

  /** Out-of-fold probabilities: each pair scored by a model that never saw its question group. */
  static double[] crossValidated(List<LabeledPair> pairs, double[] similarity, int folds) {
    int[] fold = groupFolds(pairs, folds);
    double[] probability = new double[pairs.size()];
    for (int k = 0; k < folds; k++) {
      List<Example> training = new ArrayList<>();
      for (int i = 0; i < pairs.size(); i++) {
        if (fold[i] != k) {
          training.add(example(pairs.get(i), similarity[i]));
        }
      }
      AcceptanceModel model = AcceptanceModelTrainer.fit(training, L2, "fold " + k);
      for (int i = 0; i < pairs.size(); i++) {
        if (fold[i] == k) {
          probability[i] = model.probability(PromptText.of(pairs.get(i).a()),
              PromptText.of(pairs.get(i).b()), similarity[i]);
        }
      }
    }
    return probability;
  }

  static AcceptanceModel fitAll(List<LabeledPair> pairs, double[] similarity, String source) {
    List<Example> examples = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      examples.add(example(pairs.get(i), similarity[i]));
    }
    return AcceptanceModelTrainer.fit(examples, L2, "logistic regression fitted on " + source
        + " (" + pairs.size() + " pairs, L2 " + L2 + ")");
  }

  private static Example example(LabeledPair pair, double similarity) {
    return new Example(pair.a(), pair.b(), similarity, pair.duplicate());
  }

  /** Fold of each pair: its question group's, groups dealt round-robin by size. */
  static int[] groupFolds(List<LabeledPair> pairs, int folds) {
    Map<String, Integer> ids = new HashMap<>();
    for (LabeledPair pair : pairs) {
      ids.putIfAbsent(pair.a(), ids.size());
      ids.putIfAbsent(pair.b(), ids.size());
    }
    int[] parent = new int[ids.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (LabeledPair pair : pairs) {
      union(parent, ids.get(pair.a()), ids.get(pair.b()));
    }
    Map<Integer, Integer> groupFold = new HashMap<>();
    int[] fold = new int[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      int root = find(parent, ids.get(pairs.get(i).a()));
      // Deterministic and spread: a group's fold follows the order groups are first met.
      fold[i] = groupFold.computeIfAbsent(root, r -> groupFold.size() % folds);
    }
    return fold;
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  private static void union(int[] parent, int a, int b) {
    parent[find(parent, a)] = find(parent, b);
  }
}
