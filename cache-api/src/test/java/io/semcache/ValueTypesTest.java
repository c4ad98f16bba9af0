package io.semcache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  @Test
  void fingerprintIsLengthPrefixedSoPartBoundariesMatter() {
    assertThat(Partition.fingerprintOf("ab", "c")).isNotEqualTo(Partition.fingerprintOf("a", "bc"));
    assertThat(Partition.fingerprintOf("system", "tools"))
        .isEqualTo(Partition.fingerprintOf("system", "tools")).hasSize(64);
  }

  @Test
  void partitionRejectsBlankAndOversizedComponentsNamingThem() {
    assertThatThrownBy(() -> Partition.of("acme", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("model:");
    assertThatThrownBy(() -> Partition.withFingerprint("acme", "m", "x".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("fingerprint:")
        .hasMessageContaining("at most 128");
    assertThatThrownBy(() -> Partition.withFingerprint(null, "m", ""))
        .isInstanceOf(NullPointerException.class).hasMessage("tenant");
  }

  @Test
  void theSafePartitionFactoryIsTheOnlyObviousOne() {
    // No context parts at all means no context: the same partition as of(tenant, model).
    assertThat(Partition.of("acme", "m", new String[0])).isEqualTo(Partition.of("acme", "m"));
    // Parts are always hashed; a raw fingerprint needs the factory that says so.
    Partition hashed = Partition.of("acme", "m", "x");
    assertThat(hashed.fingerprint()).isEqualTo(Partition.fingerprintOf("x")).hasSize(64);
    assertThat(Partition.withFingerprint("acme", "m", "x")).isNotEqualTo(hashed);
    assertThat(Partition.withFingerprint("acme", "m", hashed.fingerprint())).isEqualTo(hashed)
        .hasSameHashCodeAs(hashed);
    assertThat(hashed.digest()).isEqualTo(hashed.digest()).hasSize(64);
  }

  @Test
  void blankMeansNoLetterDigitOrSymbolEverywhere() {
    for (String blank : new String[] {"", " ", "\u00A0", "\u2007\u202F", "\u200B\u2060",
        "\u3000", "\t\n", "\u0301"}) {
      assertThat(CacheKey.isBlankText(blank)).as("%s", blank.codePoints().boxed().toList())
          .isTrue();
      assertThatThrownBy(() -> Partition.of(blank.isEmpty() ? "\u00A0" : blank, "m"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tenant:");
    }
    for (String content : new String[] {"a", "7", "\u00BD", "+", "\uD83C\uDF55", "\u5BC6", "$"}) {
      assertThat(CacheKey.isBlankText(content)).as(content).isFalse();
    }
  }

  @Test
  void entryIdDependsOnPartitionAndPromptOnly() {
    Partition acme = Partition.of("acme", "gpt-4o");
    EntryId id = EntryId.of(CacheKey.of(acme, "hello"));
    assertThat(id).isEqualTo(EntryId.of(CacheKey.of(Partition.of("acme", "gpt-4o"), "hello")));
    assertThat(id.value()).hasSize(32).matches("[0-9a-f]{32}");
    Set<EntryId> distinct = new HashSet<>();
    distinct.add(id);
    distinct.add(EntryId.of(CacheKey.of(acme, "hello ")));
    distinct.add(EntryId.of(CacheKey.of(Partition.of("acme", "gpt-4o", "ctx"), "hello")));
    distinct.add(EntryId.of(CacheKey.of(Partition.of("acmf", "gpt-4o"), "hello")));
    assertThat(distinct).hasSize(4);
    assertThatThrownBy(() -> new EntryId("XYZ"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 lowercase hex");
  }

  @Test
  void entryIdIsTheStoredFormulaEvenWhenThePartitionDigestIsComputedOnTheWay() throws Exception {
    // Ids are stored (Milvus rows), so the formula must not drift: SHA-256 of the partition
    // digest, a zero byte and the prompt, first 16 bytes as hex. A fresh partition with context
    // computes its own digest inside EntryId.of, with the same per-thread digest.
    for (Partition partition : List.of(Partition.of("acme", "gpt-4o", "system: be brief"),
        Partition.of("t", "m"), Partition.withFingerprint("t", "m", "ab"))) {
      String prompt = "Wie spät ist es in Zürich? 🕰";
      String expectedDigest = sha256Hex(lengthPrefixed(partition.tenant()),
          lengthPrefixed(partition.model()), lengthPrefixed(partition.fingerprint()));
      String expected = sha256Hex(expectedDigest.getBytes(UTF_8), new byte[] {0},
          prompt.getBytes(UTF_8)).substring(0, 32);
      Partition fresh = Partition.withFingerprint(partition.tenant(), partition.model(),
          partition.fingerprint());
      assertThat(EntryId.of(CacheKey.of(fresh, prompt)).value()).isEqualTo(expected);
      assertThat(fresh.digest()).isEqualTo(expectedDigest);
      assertThat(EntryId.of(CacheKey.of(fresh, prompt)).value()).isEqualTo(expected);
    }
  }

  @Test
  void entryIdRefusesAnythingButThirtyTwoLowercaseHexDigits() {
    String good = "0123456789abcdef0123456789abcdef";
    assertThat(new EntryId(good).value()).isEqualTo(good);
    // The characters next to each accepted range, and upper case.
    for (char bad : new char[] {'/', ':', '`', 'g', 'A', 'F', ' ', '\u0660'}) {
      for (int at : new int[] {0, 17, 31}) {
        String value = good.substring(0, at) + bad + good.substring(at + 1);
        assertThatThrownBy(() -> new EntryId(value))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("32 lowercase hex");
      }
    }
    for (String value : new String[] {good.substring(1), good + "0", ""}) {
      assertThatThrownBy(() -> new EntryId(value)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void entryIdsRoundTripTheirTextAndOrderAsTheirTextDoes() {
    // Exports page through ids in text order, and the Milvus backend stores the text: the
    // 128-bit form must give back the same text and sort the same way, high bits included.
    java.util.Random random = new java.util.Random(7);
    List<EntryId> ids = new java.util.ArrayList<>();
    for (String fixed : new String[] {"00000000000000000000000000000000",
        "ffffffffffffffffffffffffffffffff", "7fffffffffffffff8000000000000000",
        "80000000000000007fffffffffffffff", "0000000000000000ffffffffffffffff"}) {
      ids.add(new EntryId(fixed));
    }
    for (int i = 0; i < 200; i++) {
      ids.add(EntryId.of(CacheKey.of(Partition.of("t", "m"), "prompt " + random.nextInt())));
    }
    for (EntryId id : ids) {
      EntryId parsed = new EntryId(id.value());
      assertThat(parsed).isEqualTo(id).hasSameHashCodeAs(id);
      assertThat(parsed.value()).isEqualTo(id.value()).isEqualTo(id.toString());
    }
    List<EntryId> byId = new java.util.ArrayList<>(ids);
    byId.sort(null);
    List<EntryId> byText = new java.util.ArrayList<>(ids);
    byText.sort(java.util.Comparator.comparing(EntryId::value));
    assertThat(byId).containsExactlyElementsOf(byText);
    assertThat(new EntryId("ffffffffffffffffffffffffffffffff"))
        .isNotEqualTo(new EntryId("fffffffffffffffffffffffffffffffe"))
        .isGreaterThan(new EntryId("7fffffffffffffffffffffffffffffff"));
  }

  private static byte[] lengthPrefixed(String part) {
    byte[] bytes = part.getBytes(UTF_8);
    byte[] prefix = (bytes.length + ":").getBytes(UTF_8);
    byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + bytes.length);
    System.arraycopy(bytes, 0, out, prefix.length, bytes.length);
    return out;
  }

  private static String sha256Hex(byte[]... parts) throws Exception {
    java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
    for (byte[] part : parts) {
      digest.update(part);
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  @Test
  void thresholdAcceptsOnlyValuesInTheUnitInterval() {
    assertThat(SimilarityThreshold.of(0.0).accepts(0.0)).isTrue();
    assertThat(SimilarityThreshold.of(1.0).accepts(0.999)).isFalse();
    for (double bad : new double[] {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> SimilarityThreshold.of(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected a cosine similarity in [0, 1]");
    }
  }

  @Test
  void embeddingNormalisesCopiesAndValidates() {
    float[] raw = {3, 4};
    Embedding embedding = Embedding.of("m", raw);
    raw[0] = 100;
    assertThat(embedding.component(0)).isCloseTo(0.6f, within(1e-6f));
    assertThat(embedding.component(1)).isCloseTo(0.8f, within(1e-6f));
    assertThat(embedding.cosine(Embedding.of("m", new float[] {0, 1})))
        .isCloseTo(0.8, within(1e-6));
    assertThatThrownBy(() -> Embedding.of("m", new float[] {0, Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("vector[1]");
    assertThatThrownBy(() -> Embedding.of("m", new float[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all zeros");
    assertThatThrownBy(() -> embedding.cosine(Embedding.of("m", new float[] {1, 0, 0})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 2");
  }

  @Test
  void statsArithmetic() {
    CacheStats a = new CacheStats(1, 2, 3, 4, 1, 1, 5, 1, 1, 1, 0);
    CacheStats b = new CacheStats(1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0);
    assertThat(a.hitCount()).isEqualTo(3);
    assertThat(a.hitRate()).isEqualTo(0.5);
    assertThat(a.plus(b).minus(b)).isEqualTo(a);
    assertThat(b.minus(a).hitCount()).isZero();
    assertThat(CacheStats.empty().hitRate()).isEqualTo(1.0);
    assertThatThrownBy(() -> new CacheStats(-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void boundedLabelerCapsDistinctLabels() {
    PartitionLabeler labeler = PartitionLabeler.byModel(2);
    assertThat(labeler.label(Partition.of("t", "a"))).isEqualTo("a");
    assertThat(labeler.label(Partition.of("t", "b"))).isEqualTo("b");
    assertThat(labeler.label(Partition.of("t", "c"))).isEqualTo(PartitionLabeler.OVERFLOW_LABEL);
    assertThat(labeler.label(Partition.of("u", "a"))).isEqualTo("a");
    assertThat(PartitionLabeler.none().label(Partition.of("secret-tenant", "m"))).isEqualTo("all");
  }

  @Test
  void thresholdRulePrefersTheMostSpecific() {
    assertThat(ThresholdRule.forTenantAndModel("t", "m", 0.9).specificity())
        .isGreaterThan(ThresholdRule.forTenant("t", 0.9).specificity());
    assertThat(ThresholdRule.forTenant("t", 0.9).specificity())
        .isGreaterThan(ThresholdRule.forModel("m", 0.9).specificity());
    assertThatThrownBy(() -> new ThresholdRule(null, null, SimilarityThreshold.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestBuildersRejectSettingAnOptionTwice() {
    CacheKey key = CacheKey.of(Partition.of("t", "m"), "q");
    assertThatThrownBy(() -> LookupRequest.builder(key).threshold(0.5).threshold(0.6))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("threshold");
    assertThatThrownBy(() -> StoreRequest.builder(key, "r").ttl(java.time.Duration.ofSeconds(1))
        .ttl(java.time.Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ttl");
  }
}
