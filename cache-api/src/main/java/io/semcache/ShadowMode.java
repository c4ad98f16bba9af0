package io.semcache;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Shadow mode: for the partitions it covers, the cache runs the whole lookup (exact text,
 * embedding, search, verification) and stores as usual, but never serves a hit: every lookup
 * misses with {@link MissReason#SHADOW_MODE} and every get-or-load calls its loader. What the
 * cache would have decided is counted in {@code semcache.shadow{threshold, verification,
 * outcome}}, at each of the given thresholds, with the verifier chain ({@code verification=chain}:
 * {@code exact}, {@code hit}, {@code rejected} or {@code miss}) and by similarity alone ({@code
 * verification=none}: {@code exact}, {@code hit} or {@code miss}). Turning a cache on for real
 * traffic then starts from measured would-be hit rates instead of a guess.
 */
public final class ShadowMode {

  /**
   * Receives a {@link ShadowDecision} for each shadowed lookup that had a candidate within the
   * lowest shadow threshold, on the lookup's thread: keep it cheap (hand off to a queue) and do
   * not throw; an exception is logged and the lookup goes on.
   */
  @FunctionalInterface
  public interface DecisionLog {
    void record(ShadowDecision decision);
  }

  private static final DecisionLog NO_LOG = decision -> { };
  private static final ShadowMode OFF =
      new ShadowMode(List.of(), partition -> false, "off", NO_LOG);

  private final List<SimilarityThreshold> thresholds;
  private final Predicate<Partition> covers;
  private final String description;
  private final DecisionLog decisionLog;

  private ShadowMode(List<SimilarityThreshold> thresholds, Predicate<Partition> covers,
      String description, DecisionLog decisionLog) {
    this.thresholds = thresholds;
    this.covers = covers;
    this.description = description;
    this.decisionLog = decisionLog;
  }

  /** No shadowing: every partition is served. */
  public static ShadowMode off() {
    return OFF;
  }

  /**
   * Shadows every partition, recording decisions at {@code thresholds}.
   *
   * @throws IllegalArgumentException if there is no threshold, or one is outside [0, 1] or given
   *     twice
   */
  public static ShadowMode everywhere(double... thresholds) {
    Objects.requireNonNull(thresholds, "thresholds");
    if (thresholds.length == 0 || thresholds.length > 16) {
      throw new IllegalArgumentException("thresholds: expected 1 to 16 thresholds, got "
          + thresholds.length);
    }
    List<SimilarityThreshold> list = new ArrayList<>(thresholds.length);
    for (double threshold : thresholds) {
      SimilarityThreshold value = SimilarityThreshold.of(threshold);
      if (list.contains(value)) {
        throw new IllegalArgumentException("thresholds: " + threshold + " is given twice");
      }
      list.add(value);
    }
    return new ShadowMode(List.copyOf(list), partition -> true, "everywhere at " + list, NO_LOG);
  }

  /**
   * The same thresholds, shadowing only the partitions {@code which} accepts (e.g. serve one
   * tenant, shadow another); the others are served as usual.
   */
  public ShadowMode onlyFor(Predicate<Partition> which) {
    Objects.requireNonNull(which, "which");
    if (this == OFF) {
      return OFF;
    }
    return new ShadowMode(thresholds, partition -> covers.test(partition) && which.test(partition),
        description + ", some partitions", decisionLog);
  }

  /** The same mode, also handing each decision with a candidate to {@code log}. */
  public ShadowMode withDecisionLog(DecisionLog log) {
    Objects.requireNonNull(log, "log");
    if (this == OFF) {
      return OFF;
    }
    return new ShadowMode(thresholds, covers, description + ", logged", log);
  }

  /** Where decisions go; a log that drops them unless {@link #withDecisionLog} was used. */
  public DecisionLog decisionLog() {
    return decisionLog;
  }

  /** Shadows only these tenants' partitions. */
  public ShadowMode onlyForTenants(String... tenants) {
    List<String> list = List.of(tenants);
    return onlyFor(partition -> list.contains(partition.tenant()));
  }

  /** Whether lookups in {@code partition} are shadowed. */
  public boolean covers(Partition partition) {
    return covers.test(partition);
  }

  /** The thresholds decisions are recorded at; empty when off. */
  public List<SimilarityThreshold> thresholds() {
    return thresholds;
  }

  @Override
  public String toString() {
    return "ShadowMode[" + description + "]";
  }
}
