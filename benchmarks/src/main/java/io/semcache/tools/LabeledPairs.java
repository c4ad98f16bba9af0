package io.semcache.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled pairs in the two shapes of ../shared/data: JSON lines of {@code {"a", "b",
 * "duplicate"}}, or a JSON array of {@code {"origin", "similar"}} (all duplicates); and the
 * adversarial sets' TSV ({@code kind, query, cached} after a header line; a pair is a duplicate
 * when its kind is {@code paraphrase}; {@code a} is the cached prompt, {@code b} the query).
 * In JSON lines, {@code "duplicate": null} is a pair nobody has labelled yet (a shadow-mode
 * decision log as written, see the README) and is skipped; other fields are ignored.
 */
public final class LabeledPairs {

  private LabeledPairs() {}

  /**
   * @throws IllegalArgumentException naming the file and line or index of a malformed record
   */
  public static List<LabeledPair> read(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (name.endsWith(".jsonl")) {
      return readJsonLines(file);
    }
    if (name.endsWith(".tsv")) {
      return readAdversarialTsv(file);
    }
    return readJsonArray(file);
  }

  private static List<LabeledPair> readJsonLines(Path file) throws IOException {
    List<LabeledPair> pairs = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonObject o = object(JsonParser.parseString(line), file + ":" + number);
        if (o.has("duplicate") && o.get("duplicate").isJsonNull()) {
          continue; // not labelled yet
        }
        pairs.add(new LabeledPair(text(o, "a", file + ":" + number),
            text(o, "b", file + ":" + number), bool(o, "duplicate", file + ":" + number)));
      }
    }
    return pairs;
  }

  private static List<LabeledPair> readAdversarialTsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<LabeledPair> pairs = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] fields = lines.get(i).split("\t");
      if (fields.length != 3) {
        throw new IllegalArgumentException(file + ":" + (i + 1)
            + ": expected three tab-separated fields (kind, query, cached), got " + fields.length);
      }
      pairs.add(new LabeledPair(fields[2], fields[1], fields[0].equals("paraphrase")));
    }
    return pairs;
  }

  private static List<LabeledPair> readJsonArray(Path file) throws IOException {
    JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
    if (!root.isJsonArray()) {
      throw new IllegalArgumentException(file + ": expected a JSON array of {origin, similar}");
    }
    JsonArray array = root.getAsJsonArray();
    List<LabeledPair> pairs = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String where = file + "[" + i + "]";
      JsonObject o = object(array.get(i), where);
      pairs.add(new LabeledPair(text(o, "origin", where), text(o, "similar", where), true));
    }
    return pairs;
  }

  private static JsonObject object(JsonElement e, String where) {
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException(where + ": expected a JSON object, got " + e);
    }
    return e.getAsJsonObject();
  }

  private static String text(JsonObject o, String field, String where) {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(where + ": expected a string field \"" + field + "\"");
    }
    return e.getAsString();
  }

  private static boolean bool(JsonObject o, String field, String where) {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new IllegalArgumentException(where + ": expected a boolean field \"" + field + "\"");
    }
    return e.getAsBoolean();
  }
}
