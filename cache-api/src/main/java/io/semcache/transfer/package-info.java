/**
 * The entry file: a cache's entries as JSON lines, for {@link io.semcache.CacheEntries}. {@link
 * io.semcache.transfer.EntryFileWriter} writes what an export hands out, {@link
 * io.semcache.transfer.EntryFileReader} streams a file back for an import, a line at a time. The
 * format is described on {@link io.semcache.transfer.EntryFile}.
 */
@NullMarked
package io.semcache.transfer;

import org.jspecify.annotations.NullMarked;
