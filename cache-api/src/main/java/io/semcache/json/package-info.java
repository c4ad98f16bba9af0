/**
 * Internal to semcache: the strict JSON reader its packages share. Not part of the API; it may
 * change in any release.
 */
@NullMarked
package io.semcache.json;

import org.jspecify.annotations.NullMarked;
