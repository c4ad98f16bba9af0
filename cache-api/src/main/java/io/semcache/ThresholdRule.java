package io.semcache;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Overrides the cache's default similarity threshold for the partitions it matches. A null tenant
 * or model matches any. When several rules match, the most specific wins: tenant and model, then
 * tenant alone, then model alone. A per-call threshold ({@link LookupRequest.Builder#threshold})
 * beats every rule.
 */
public record ThresholdRule(@Nullable String tenant, @Nullable String model,
    SimilarityThreshold threshold) {

  /** @throws IllegalArgumentException if both tenant and model are null (use the default instead) */
  public ThresholdRule {
    Objects.requireNonNull(threshold, "threshold");
    if (tenant == null && model == null) {
      throw new IllegalArgumentException("tenant: expected a tenant, a model, or both; for every"
          + " partition, set the cache's default threshold instead");
    }
  }

  public static ThresholdRule forTenant(String tenant, double threshold) {
    return new ThresholdRule(Objects.requireNonNull(tenant, "tenant"), null,
        SimilarityThreshold.of(threshold));
  }

  public static ThresholdRule forModel(String model, double threshold) {
    return new ThresholdRule(null, Objects.requireNonNull(model, "model"),
        SimilarityThreshold.of(threshold));
  }

  public static ThresholdRule forTenantAndModel(String tenant, String model, double threshold) {
    return new ThresholdRule(Objects.requireNonNull(tenant, "tenant"),
        Objects.requireNonNull(model, "model"), SimilarityThreshold.of(threshold));
  }

  public boolean matches(Partition partition) {
    return (tenant == null || tenant.equals(partition.tenant()))
        && (model == null || model.equals(partition.model()));
  }

  /** 3 for tenant and model, 2 for tenant, 1 for model. */
  public int specificity() {
    return (tenant != null ? 2 : 0) + (model != null ? 1 : 0);
  }
}
