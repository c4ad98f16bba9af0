package io.semcache;

import java.util.Objects;
import java.util.Optional;

/**
 * Consulted before every store (a {@link SemanticCache#put}, and the store a get-or-load makes
 * after loading): may veto it with a reason, e.g. a PII detector, a size limit, or a response that
 * is a tool call. A vetoed store is {@link StoreOutcome#REFUSED_BY_POLICY} with the reason as its
 * detail, counted like every store outcome. A policy that throws vetoes too (a write it could not
 * judge is not made), and the failure is counted as an error of kind {@code policy}.
 *
 * <p>The default, {@link #refuseErrorResponses()}, refuses the responses a caller marked as
 * errors ({@link StoreRequest.Builder#errorResponse()}): a non-2xx answer, a finish reason of
 * {@code error}, which a router must never serve as a 200 again.
 */
@FunctionalInterface
public interface WritePolicy {

  /**
   * @return empty to let the store go ahead; otherwise why it must not
   */
  Optional<String> veto(StoreRequest request);

  /** Every store goes ahead, error responses included. */
  static WritePolicy allowAll() {
    return request -> Optional.empty();
  }

  /** Refuses the responses marked as errors; the default. */
  static WritePolicy refuseErrorResponses() {
    return request -> request.isErrorResponse()
        ? Optional.of("the response is marked as an error") : Optional.empty();
  }

  /**
   * Refuses responses longer than {@code maxChars}.
   *
   * @throws IllegalArgumentException if {@code maxChars} is not positive
   */
  static WritePolicy maxResponseChars(int maxChars) {
    if (maxChars <= 0) {
      throw new IllegalArgumentException("maxChars: expected a positive number, got " + maxChars);
    }
    return request -> request.response().length() > maxChars
        ? Optional.of("the response has " + request.response().length() + " characters, more"
            + " than " + maxChars)
        : Optional.empty();
  }

  /** This policy, then {@code next}: the first veto wins. */
  default WritePolicy and(WritePolicy next) {
    Objects.requireNonNull(next, "next");
    return request -> {
      Optional<String> veto = veto(request);
      return veto.isPresent() ? veto : next.veto(request);
    };
  }
}
