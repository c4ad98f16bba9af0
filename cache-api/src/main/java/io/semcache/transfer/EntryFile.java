package io.semcache.transfer;

/**
 * The entry file format, version {@value #VERSION}: UTF-8 JSON lines, a header line then one entry
 * a line. Blank lines are ignored; every other line must be one JSON object with only the fields
 * below, or the reader stops with an {@link EntryFileException} naming the line and the field.
 *
 * <pre>{@code
 * {"format":"semcache-entries","version":1,"model_id":"sentence-transformers/all-MiniLM-L6-v2","dimension":384,"vectors":"base64-f32le","exported_at":"2026-12-01T18:00:00Z"}
 * {"tenant":"acme","model":"gpt-4o","fingerprint":"","prompt":"How do I reset my password?","response":"Click 'Forgot password'.","metadata":{"finish_reason":"stop"},"tags":["help"],"created_at":"2026-12-01T17:00:00Z","expires_at":"2026-12-01T23:00:00Z","vector":"AACAPwAA..."}
 * {"tenant":"acme","model":"gpt-4o","prompt":"What are your opening hours?","response":"9 to 5."}
 * }</pre>
 *
 * <p>Header: {@code format} and {@code version} are required; {@code model_id} and {@code
 * dimension} name the embedder of the vectors and are required when {@code vectors} is {@value
 * #VECTOR_ENCODING} (the only encoding: the floats of the unit vector, little-endian IEEE 754
 * single precision, base64; 2 kB a 384-dimension vector, against 4 kB as JSON numbers); {@code
 * exported_at} is informative.
 *
 * <p>Entry: {@code tenant}, {@code model}, {@code prompt} and {@code response} are required;
 * {@code fingerprint} defaults to empty; {@code metadata} is an object of string attributes;
 * {@code chunk_lengths} the chunk lengths of a streamed response; {@code tags} an array of tags;
 * {@code created_at} and {@code expires_at} ISO-8601 instants (absent: the moment of the import,
 * the importing cache's default time to live); {@code vector} only in a file with vectors. A file
 * of prompt/response pairs to warm a cache with is the header {@code
 * {"format":"semcache-entries","version":1}} and lines of the four required fields.
 */
public final class EntryFile {

  public static final String FORMAT = "semcache-entries";
  public static final int VERSION = 1;
  public static final String VECTOR_ENCODING = "base64-f32le";

  private EntryFile() {}
}
