package io.semcache.core;

import io.semcache.Partition;
import io.semcache.SimilarityThreshold;
import io.semcache.ThresholdRule;
import java.util.Comparator;
import java.util.List;

/** Picks the threshold for a partition: the most specific matching rule, else the default. */
final class ThresholdResolver {

  private final SimilarityThreshold defaultThreshold;
  private final List<ThresholdRule> rulesMostSpecificFirst;

  ThresholdResolver(SimilarityThreshold defaultThreshold, List<ThresholdRule> rules) {
    this.defaultThreshold = defaultThreshold;
    this.rulesMostSpecificFirst = rules.stream()
        .sorted(Comparator.comparingInt(ThresholdRule::specificity).reversed())
        .toList();
  }

  SimilarityThreshold thresholdFor(Partition partition) {
    for (ThresholdRule rule : rulesMostSpecificFirst) {
      if (rule.matches(partition)) {
        return rule.threshold();
      }
    }
    return defaultThreshold;
  }

  /** Where {@link #thresholdFor} takes its answer from, for people reading an explanation. */
  String sourceFor(Partition partition) {
    for (ThresholdRule rule : rulesMostSpecificFirst) {
      if (rule.matches(partition)) {
        return "rule tenant=" + (rule.tenant() == null ? "*" : rule.tenant()) + " model="
            + (rule.model() == null ? "*" : rule.model());
      }
    }
    return "cache default";
  }
}
