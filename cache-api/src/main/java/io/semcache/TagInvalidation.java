package io.semcache;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The result of {@link SemanticCache#invalidateByTag} or its dry run {@link
 * SemanticCache#countByTag}.
 *
 * @param tag the tag asked for
 * @param outcome what happened
 * @param entries the live entries removed ({@code REMOVED}) or that would be ({@code COUNTED});
 *     0 otherwise
 */
public record TagInvalidation(String tag, Outcome outcome, long entries) {

  /** At most this many tags per entry. */
  public static final int MAX_TAGS_PER_ENTRY = 16;

  /** A tag is 1 to this many characters of {@code [A-Za-z0-9_.:-]}. */
  public static final int MAX_TAG_LENGTH = 64;

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_TAG_LENGTH + "}");

  /** What an invalidation by tag did. */
  public enum Outcome {
    /** The tagged entries were removed. */
    REMOVED,
    /** Dry run: the tagged entries were counted, nothing was removed. */
    COUNTED,
    /**
     * The backend cannot find entries by tag (a Milvus collection created before tags existed);
     * nothing was removed. Tagged entries are refused by such a backend, so none can be missed.
     */
    UNSUPPORTED,
    /** The backend failed; counted and logged. Some tagged entries may have been removed. */
    FAILED;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public TagInvalidation {
    requireValid(tag, "tag");
    Objects.requireNonNull(outcome, "outcome");
    if (entries < 0) {
      throw new IllegalArgumentException("entries: expected 0 or more, got " + entries);
    }
  }

  /**
   * Checks one tag; the rule for every tag argument.
   *
   * @return {@code tag}
   * @throws IllegalArgumentException naming {@code argument} unless {@code tag} is 1 to {@value
   *     #MAX_TAG_LENGTH} chars of {@code [A-Za-z0-9_.:-]}
   */
  public static String requireValid(String tag, String argument) {
    Objects.requireNonNull(tag, argument);
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(argument + ": expected 1 to " + MAX_TAG_LENGTH
          + " chars of [A-Za-z0-9_.:-], got '"
          + (tag.length() <= 80 ? tag : tag.substring(0, 80) + "...") + "'");
    }
    return tag;
  }

  /**
   * Checks an entry's tags; duplicates count once.
   *
   * @return the tags, sorted and unmodifiable
   * @throws IllegalArgumentException naming {@code argument} if a tag is invalid ({@link
   *     #requireValid}) or there are more than {@value #MAX_TAGS_PER_ENTRY}
   */
  public static Set<String> requireValidTags(Collection<String> tags, String argument) {
    Objects.requireNonNull(tags, argument);
    if (tags.isEmpty()) {
      return Set.of();
    }
    TreeSet<String> sorted = new TreeSet<>();
    int i = 0;
    for (String tag : tags) {
      sorted.add(requireValid(tag, argument + "[" + i++ + "]"));
    }
    if (sorted.size() > MAX_TAGS_PER_ENTRY) {
      throw new IllegalArgumentException(argument + ": expected at most " + MAX_TAGS_PER_ENTRY
          + " tags, got " + sorted.size());
    }
    return Collections.unmodifiableSortedSet(sorted);
  }
}
