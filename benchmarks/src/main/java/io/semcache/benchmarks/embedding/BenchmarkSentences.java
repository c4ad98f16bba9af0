package io.semcache.benchmarks.embedding;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts the model benchmarks embed, in one place so that the sentence-transformers baseline
 * ({@code scripts/benchmark-baseline/run.sh}, which reads them from {@link #main}) embeds exactly
 * the same ones. Written for these benchmarks: chat-style prompts of 5 to 40 words.
 */
public final class BenchmarkSentences {

  /** A typical short chat prompt: 9 tokens with [CLS] and [SEP]. */
  public static final String SHORT_PROMPT = "How do I reset my password?";

  /** 32 distinct prompts of mixed length, embedded in one call by the batch benchmarks. */
  public static final List<String> BATCH = List.of(
      "How do I reset my password?",
      "What is the difference between a list and a tuple in Python?",
      "Can you summarize the main causes of the French Revolution in a few sentences?",
      "Write a polite email asking my landlord to fix the heating before the weekend.",
      "Why does my sourdough bread come out dense and flat?",
      "Explain how a hash map handles collisions.",
      "What are the side effects of taking ibuprofen every day?",
      "Translate 'where is the train station' into German.",
      "How many kilometres is a marathon?",
      "Give me three ideas for a birthday party for a seven-year-old who loves dinosaurs.",
      "What is the capital of Australia?",
      "How can I improve the battery life of my Android phone?",
      "Suggest a name for a small coffee shop near a university campus.",
      "What does the HTTP status code 429 mean and how should a client react to it?",
      "How do I convert a string to a date in Java?",
      "Is it safe to leave cooked rice out overnight?",
      "Explain the difference between TCP and UDP to a beginner.",
      "Which houseplants are easy to keep alive in a dark apartment?",
      "How do I undo the last commit in git without losing my changes?",
      "What should I pack for a three-day hiking trip in the mountains in early autumn?",
      "Recommend a good book about the history of mathematics.",
      "How does compound interest work?",
      "My laptop fan is very loud even when I am not running anything. What could cause that?",
      "What is the best way to learn to touch type?",
      "Write a haiku about rain in the city.",
      "How long should I boil an egg for a runny yolk?",
      "What are the main differences between renting and buying a home?",
      "Explain what a vector database is used for.",
      "How do I politely decline a meeting invitation from my manager?",
      "What vaccinations do I need before travelling to Kenya?",
      "Summarize the plot of Hamlet in two sentences.",
      "How can I stop my cat from scratching the sofa?");

  /** A rewording of each {@link #BATCH} prompt, in the same order: semantic hits. */
  public static final List<String> PARAPHRASES = List.of(
      "How can I reset my password?",
      "What's the difference between a tuple and a list in Python?",
      "Could you briefly summarize what caused the French Revolution?",
      "Write a polite email to ask my landlord to repair the heating before the weekend.",
      "Why is my sourdough bread dense and flat?",
      "Explain how hash maps deal with collisions.",
      "What are the side effects of taking ibuprofen daily?",
      "How do you say 'where is the train station' in German?",
      "How many km is a marathon?",
      "Give me three birthday party ideas for a seven year old who loves dinosaurs.",
      "What's the capital city of Australia?",
      "How do I make my Android phone's battery last longer?",
      "Suggest a name for a small coffee shop close to a university campus.",
      "What does HTTP status 429 mean and how should a client respond?",
      "How do I parse a string into a date in Java?",
      "Is it safe to leave cooked rice out all night?",
      "Explain the difference between UDP and TCP for a beginner.",
      "Which house plants are easy to keep alive in a dark flat?",
      "How do I undo my last git commit without losing the changes?",
      "What should I pack for a 3-day hike in the mountains in early autumn?",
      "Recommend a good book on the history of mathematics.",
      "How does compound interest work exactly?",
      "My laptop fan is really loud even when nothing is running. What could cause it?",
      "What's the best way to learn touch typing?",
      "Write a haiku about rain in a city.",
      "How long do I boil an egg to get a runny yolk?",
      "What are the main differences between buying and renting a home?",
      "Explain what vector databases are used for.",
      "How can I politely decline a meeting invite from my manager?",
      "Which vaccinations do I need before a trip to Kenya?",
      "Summarize Hamlet's plot in two sentences.",
      "How do I stop my cat from scratching the couch?");

  /** Prompts on none of the stored topics: semantic misses. */
  public static final List<String> UNRELATED = List.of(
      "What is the boiling point of water at the top of Mount Everest?",
      "Who painted the ceiling of the Sistine Chapel?",
      "How do solar panels convert sunlight into electricity?",
      "What is the offside rule in football?",
      "Recommend a board game for four players that takes under an hour.",
      "How do bees communicate the location of flowers?",
      "What is the plural of 'cactus'?",
      "How should I store fresh basil so it lasts longer?",
      "What were the main achievements of the Roman Empire in engineering?",
      "How do I tune a guitar without a tuner?",
      "Why is the sky blue during the day and red at sunset?",
      "What is a good stretching routine after running?",
      "How do noise-cancelling headphones work?",
      "What is the tallest building in South America?",
      "How can I tell whether a watermelon is ripe?",
      "What causes the northern lights?");

  private static final String[] ACTIONS = {"reset", "export", "delete", "share", "rename",
      "back up", "restore", "encrypt", "sync", "archive", "print", "merge", "split", "convert",
      "compress", "upload", "download", "schedule", "translate", "duplicate", "lock", "unlock",
      "move", "tag", "search"};
  private static final String[] OBJECTS = {"my calendar", "a spreadsheet", "old invoices",
      "a shared folder", "my contact list", "a photo album", "the project board", "email drafts",
      "meeting notes", "a playlist", "browser bookmarks", "bank statements", "a PDF form",
      "the team wiki", "chat history", "a recipe collection", "vacation photos", "tax documents",
      "lecture slides", "source code"};
  private static final String[] CONTEXTS = {"on Android", "on an iPhone", "in Windows 11",
      "on a Mac", "on Linux", "from the web app", "with a slow connection", "without admin rights",
      "for my whole team", "before a deadline", "on a Chromebook", "after an update",
      "from a tablet", "using the command line", "with two-factor login enabled",
      "on a work laptop", "while travelling", "for a school project", "in bulk",
      "automatically every week"};
  private static final String[] OPENINGS = {"How can I %s %s %s?",
      "What is the best way to %s %s %s?", "Is it possible to %s %s %s?"};

  private BenchmarkSentences() {}

  /** How many distinct {@link #filler} prompts there are. */
  public static int fillerCount() {
    return ACTIONS.length * OBJECTS.length * CONTEXTS.length;
  }

  /**
   * {@code count} distinct how-to prompts ("How can I export old invoices on Linux?"...), to fill
   * a cache around the prompts above; {@code count} at most {@link #fillerCount()}.
   */
  public static List<String> filler(int count) {
    if (count < 0 || count > fillerCount()) {
      throw new IllegalArgumentException(
          "count: expected 0.." + fillerCount() + " filler prompts, got " + count);
    }
    List<String> prompts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String action = ACTIONS[i % ACTIONS.length];
      String object = OBJECTS[(i / ACTIONS.length) % OBJECTS.length];
      String context = CONTEXTS[i / (ACTIONS.length * OBJECTS.length)];
      prompts.add(String.format(OPENINGS[i % OPENINGS.length], action, object, context));
    }
    return prompts;
  }

  /**
   * Prints {@code {"short_prompt": ..., "batch": [...]}} as JSON, for the sentence-transformers
   * baseline.
   */
  public static void main(String[] args) {
    JsonObject json = new JsonObject();
    json.addProperty("short_prompt", SHORT_PROMPT);
    JsonArray batch = new JsonArray();
    BATCH.forEach(batch::add);
    json.add("batch", batch);
    System.out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
        .toJson(json));
  }
}
