/**
 * YAML configuration: one safe loader ({@link io.semcache.config.YamlConfig}) that expands {@code
 * ${ENV}} references and reports every problem of a file at once, each with its YAML path; and
 * the router's {@code semantic_cache} block ({@link io.semcache.config.SemanticCacheConfig}).
 */
@NullMarked
package io.semcache.config;

import org.jspecify.annotations.NullMarked;
