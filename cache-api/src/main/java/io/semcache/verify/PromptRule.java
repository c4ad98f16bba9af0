package io.semcache.verify;

import io.semcache.HitVerifier;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The shape of the rule verifiers: a named rule over the two prompts' {@link PromptText}s that
 * gives a reason to refuse, or null to accept.
 */
abstract class PromptRule implements HitVerifier {

  private final String name;
  private final BiFunction<PromptText, PromptText, @Nullable String> refusal;

  PromptRule(String name, BiFunction<PromptText, PromptText, @Nullable String> refusal) {
    this.name = name;
    this.refusal = refusal;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Verdict verify(VerificationInput input) {
    String reason = refusal(PromptText.of(input.query()), PromptText.of(input.candidate()));
    return reason == null ? Verdict.accept() : Verdict.reject(reason);
  }

  /** Why this rule refuses the pair, or null when it accepts. */
  final @Nullable String refusal(PromptText query, PromptText candidate) {
    return refusal.apply(query, candidate);
  }
}
