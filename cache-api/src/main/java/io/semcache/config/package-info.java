/**
 * YAML configuration: one safe loader ({@link io.semcache.config.YamlConfig}) that expands {@code
 * ${ENV}} references and reports every problem of a file at once, each with its YAML path; {@link
 * io.semcache.config.ConfigSection#bind}, which feeds a key to a builder's setter so that each
 * rule is stated once, in the setter; and the router's {@code semantic_cache} block ({@link
 * io.semcache.config.SemanticCacheConfig}), whose backend keys each backend reads itself ({@link
 * io.semcache.config.BackendConfigReader}).
 */
@NullMarked
package io.semcache.config;

import org.jspecify.annotations.NullMarked;
