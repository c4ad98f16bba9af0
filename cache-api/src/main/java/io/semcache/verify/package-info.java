/**
 * Built-in {@link io.semcache.HitVerifier}s: cheap, domain-general checks that refuse a
 * semantically close candidate when the two prompts differ in what decides the answer (polarity,
 * numbers, named things), and a small learned acceptance model over such signals. {@link
 * io.semcache.verify.Verifiers#defaults()} is the chain the README documents.
 */
@NullMarked
package io.semcache.verify;

import org.jspecify.annotations.NullMarked;
