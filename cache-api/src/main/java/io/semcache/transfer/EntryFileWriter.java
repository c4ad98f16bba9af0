package io.semcache.transfer;

import io.semcache.Embedding;
import io.semcache.Partition;
import io.semcache.TransferEntry;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes an entry file ({@link EntryFile}): the header when created, then a line per entry. A
 * sink for {@link io.semcache.CacheEntries#exportTo}: {@code cache.entries().exportTo(writer,
 * options)}. Not thread-safe.
 */
public final class EntryFileWriter implements Consumer<TransferEntry>, Closeable {

  private final Writer out;
  private final EntryFileHeader header;
  private final StringBuilder line = new StringBuilder(4096);
  private long count;

  private EntryFileWriter(Writer out, EntryFileHeader header) throws IOException {
    this.out = out;
    this.header = header;
    writeHeader();
  }

  /**
   * Creates (or replaces) {@code file} and writes the header.
   *
   * @throws IOException if the file cannot be written
   */
  public static EntryFileWriter create(Path file, EntryFileHeader header) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(header, "header");
    return new EntryFileWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), header);
  }

  /** Writes to {@code out}, which this writer closes; the header first. */
  public static EntryFileWriter to(Writer out, EntryFileHeader header) throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(header, "header");
    return new EntryFileWriter(out instanceof BufferedWriter ? out : new BufferedWriter(out),
        header);
  }

  public EntryFileHeader header() {
    return header;
  }

  /** Entries written so far. */
  public long count() {
    return count;
  }

  /**
   * Writes one entry; its embedding only in a file with vectors.
   *
   * @throws IllegalArgumentException if the entry's embedding is of another model or dimension
   *     than the header's
   * @throws UncheckedIOException if the write fails
   */
  @Override
  public void accept(TransferEntry entry) {
    Objects.requireNonNull(entry, "entry");
    line.setLength(0);
    Partition partition = entry.key().partition();
    line.append('{');
    field("tenant", partition.tenant());
    field("model", partition.model());
    if (!partition.fingerprint().isEmpty()) {
      field("fingerprint", partition.fingerprint());
    }
    field("prompt", entry.key().prompt());
    field("response", entry.response());
    Map<String, String> attributes = entry.metadata().attributes();
    if (!attributes.isEmpty()) {
      line.append(",\"metadata\":{");
      boolean first = true;
      for (Map.Entry<String, String> attribute : attributes.entrySet()) {
        line.append(first ? "" : ",");
        first = false;
        Json.quote(attribute.getKey(), line);
        line.append(':');
        Json.quote(attribute.getValue(), line);
      }
      line.append('}');
    }
    List<Integer> chunks = entry.metadata().chunkLengths();
    if (!chunks.isEmpty()) {
      line.append(",\"chunk_lengths\":[");
      for (int i = 0; i < chunks.size(); i++) {
        line.append(i == 0 ? "" : ",").append(chunks.get(i));
      }
      line.append(']');
    }
    if (!entry.tags().isEmpty()) {
      line.append(",\"tags\":[");
      boolean first = true;
      for (String tag : entry.tags()) {
        line.append(first ? "" : ",");
        first = false;
        Json.quote(tag, line);
      }
      line.append(']');
    }
    if (entry.createdAt() != null) {
      field("created_at", entry.createdAt().toString());
    }
    if (entry.expiresAt() != null) {
      field("expires_at", entry.expiresAt().toString());
    }
    Embedding embedding = entry.embedding();
    if (embedding != null && header.hasVectors()) {
      if (!embedding.modelId().equals(header.modelId())
          || embedding.dimension() != header.dimension()) {
        throw new IllegalArgumentException("entry.embedding: expected model '" + header.modelId()
            + "' with dimension " + header.dimension() + " (the file's header), got '"
            + embedding.modelId() + "' with dimension " + embedding.dimension());
      }
      field("vector", encode(embedding));
    }
    line.append("}\n");
    try {
      out.write(line.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    count++;
  }

  private void writeHeader() throws IOException {
    line.setLength(0);
    line.append('{');
    field("format", EntryFile.FORMAT);
    line.append(",\"version\":").append(EntryFile.VERSION);
    if (header.hasVectors()) {
      field("model_id", Objects.requireNonNull(header.modelId()));
      line.append(",\"dimension\":").append(header.dimension());
      field("vectors", EntryFile.VECTOR_ENCODING);
    }
    if (header.exportedAt() != null) {
      field("exported_at", header.exportedAt().toString());
    }
    line.append("}\n");
    out.write(line.toString());
  }

  private void field(String name, String value) {
    if (line.length() > 1) {
      line.append(',');
    }
    Json.quote(name, line);
    line.append(':');
    Json.quote(value, line);
  }

  static String encode(Embedding embedding) {
    ByteBuffer bytes = ByteBuffer.allocate(embedding.dimension() * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < embedding.dimension(); i++) {
      bytes.putFloat(embedding.component(i));
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /** Flushes and closes the file. */
  @Override
  public void close() throws IOException {
    out.close();
  }
}
