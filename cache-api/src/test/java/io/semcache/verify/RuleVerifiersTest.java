package io.semcache.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.HitVerifier;
import io.semcache.HitVerifier.VerificationInput;
import io.semcache.Partition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each rule verifier refuses and what it lets through. */
class RuleVerifiersTest {

  private static boolean accepts(HitVerifier verifier, String query, String candidate) {
    return verifier.verify(new VerificationInput(Partition.of("t", "m"), query, candidate, 0.95))
        .accepted();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "How do I enable two-factor authentication? | How do I disable two-factor authentication?",
      "Is coffee good for your health? | Is coffee bad for your health?",
      "Why does my laptop turn on? | Why doesn't my laptop turn on?",
      "How do I install Docker? | How do I uninstall Docker?",
      "How do I log in to Jira? | How do I log out of Jira?",
      "Sort the list in ascending order | Sort the list in descending order",
      "What is the fastest land animal? | What is the slowest land animal?",
      "Which plants tolerate overwatering? | Which plants tolerate underwatering?",
      "How do I zoom in on a PDF? | How do I zoom out on a PDF?"})
  void polarityRefusesFlips(String query, String candidate) {
    assertThat(accepts(new PolarityVerifier(), query, candidate)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "How do I reset my password? | How can I reset my password?",
      "Why doesn't my printer work? | Why isn't my printer working?",
      "Should cow slaughter be banned? | Should cow slaughter be banned or not?",
      "Why do people not like Mondays? | Why do people dislike Mondays?",
      "Is it safe to enable the firewall? | Is enabling the firewall safe?"})
  void polarityLetsParaphrasesThrough(String query, String candidate) {
    assertThat(accepts(new PolarityVerifier(), query, candidate)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Convert 10 USD to EUR | Convert 100 USD to EUR",
      "Flights to Rome on 5 March | Flights to Rome on 15 March",
      "What should I pack for a three-day trip? | What should I pack for a ten-day trip?",
      "What time is it in Tokyo at 9 am in New York? | What time is it in Tokyo at 9 pm in New York?",
      "What happened in 2019? | What happened in 2021?",
      "Penalty for a first offense | Penalty for a second offense"})
  void numbersRefuseDifferentQuantities(String query, String candidate) {
    assertThat(accepts(new NumberVerifier(), query, candidate)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Best laptop under INR 30,000? | Best laptop under 30k?",
      "Is 8 GB of RAM enough? | Will 8GB RAM be enough?",
      "A 30-year mortgage at 6% | A mortgage over 30 years at 6%",
      "How do I learn Python 3? | How can I learn Python?",
      "Can I get an F1 visa? | How do I apply for an F1 visa?"})
  void numbersLetTheSameQuantitiesThrough(String query, String candidate) {
    assertThat(accepts(new NumberVerifier(), query, candidate)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "What is the capital of France? | What is the capital of Germany?",
      "what is the capital of france | what is the capital of germany",
      "How do I install Docker on Windows? | How do I install Docker on macOS?",
      "Is Rust faster than Go? | Is Rust faster than Java?",
      "Upgrade Kubernetes to K8S-1.29 | Upgrade Kubernetes to K8S-1.25"})
  void namesRefuseSwaps(String query, String candidate) {
    assertThat(accepts(new NameVerifier(), query, candidate)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Who will be the next president of the USA? | Who will be the next president of the United States?",
      "Where can I buy weed in Bengaluru? | Where can I buy weed in Bangalore?",
      "How will the ban affect India? | How will the ban affect the Indian economy?",
      "How do I change the language on my Samsung TV? | How can I switch my Samsung TV's language?",
      "How do I learn Java? | What is the best way to learn Java programming?"})
  void namesLetTheSameThingsThrough(String query, String candidate) {
    assertThat(accepts(new NameVerifier(), query, candidate)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "How do I convert Celsius to Fahrenheit? | How do I convert Fahrenheit to Celsius?",
      "Do cats hunt mice? | Do mice hunt cats?",
      "Is Go faster than Rust for web servers? | Is Rust faster than Go for web servers?",
      "Can a tenant sue the landlord for noise? | Can the landlord sue a tenant for noise?",
      "recipes with rice but not beans | recipes with beans but not rice",
      "Does anxiety cause poor sleep? | Does poor sleep cause anxiety?",
      "Should I stretch before running or after? | Should I run before stretching or after?",
      "flights from New York to Los Angeles | flights from Los Angeles to New York",
      "How many pounds is 20 kilograms? | How many kilograms is 20 pounds?",
      "Did Spain beat Italy in the final? | Did Italy beat Spain in the final?",
      "My manager's husband called me | My husband's manager called me",
      "nginx: rewrite http to https | nginx: rewrite https to http",
      "Can teachers see their student's grades? | Can a student see their teachers' grades?",
      "Which users bought plan A but not plan B? | Which users bought plan B but not plan A?",
      "Can vitamin A replace vitamin C? | Can vitamin C replace vitamin A?",
      "Is plan A cheaper than plan B? | Is plan B cheaper than plan A?"})
  void wordOrderRefusesExchangesAroundARelation(String query, String candidate) {
    assertThat(accepts(new WordOrderVerifier(), query, candidate)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "What is the difference between TCP and UDP? | What is the difference between UDP and TCP?",
      "Python vs Java for beginners | Java vs Python for beginners",
      "Which is healthier, tea or coffee? | Which is healthier, coffee or tea?",
      "Compare Postgres with MySQL | Compare MySQL with Postgres",
      "How do I learn Spanish quickly? | How do I quickly learn Spanish?",
      "How do I freeze the top row in Excel? | In Excel, how do I freeze the top row?",
      "How do I sort a list in Python? | How do I sort a Python list?",
      "Is coffee bad for you? | Is coffee good for you?",
      "How do I reset my password? | How do I reset my password?",
      "How do I reset a password? | How do I reset the password?",
      "Why do dogs bark at cats? | Why does a dog bark at a cat?",
      "What is Python's GIL? | What is the GIL of Python?",
      "Which is cheaper, A or B? | Which is cheaper, B or A?",
      "Is plan A or plan B cheaper? | Is plan B or plan A cheaper?",
      "Should I buy the iPhone case or the iPhone charger? | Should I buy the iPhone charger or the iPhone case?",
      "A dog is a good pet, right? | The dog is a good pet, right?"})
  void wordOrderLetsSymmetricAndMovedPartsThrough(String query, String candidate) {
    // The antonym pair is the polarity rule's business, not this one's.
    assertThat(accepts(new WordOrderVerifier(), query, candidate)).isTrue();
  }

  @Test
  void wordOrderWorkIsBoundedOnLongPrompts() {
    // 2,000 words with the first and last exchanged: beyond the examined stretch, accepted
    // (left to the other verifiers) without a cubic search.
    StringBuilder middle = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      middle.append(" word").append(i);
    }
    assertThat(WordOrderVerifier.exchangeReason(PromptText.of("alpha" + middle + " omega"),
        PromptText.of("omega" + middle + " alpha"))).isNull();
    assertThat(WordOrderVerifier.exchangeReason(PromptText.of("alpha to omega"),
        PromptText.of("omega to alpha"))).isNotNull();
  }

  @Test
  void reasonsSayWhatDiffers() {
    assertThat(WordOrderVerifier.exchangeReason(PromptText.of("Do cats hunt mice?"),
        PromptText.of("Do mice hunt cats?")))
        .isEqualTo("word order: \"cat\" and \"mice\" exchanged around \"hunt\"");
    assertThat(PolarityVerifier.flipReason(PromptText.of("enable 2FA"), PromptText.of("disable 2FA")))
        .isEqualTo("antonyms: \"enabl\" vs \"disabl\"");
    assertThat(NumberVerifier.mismatchReason(PromptText.of("convert 10 USD"),
        PromptText.of("convert 100 USD"))).isEqualTo("numbers differ: 10 vs 100");
    assertThat(NameVerifier.swapReason(PromptText.of("capital of France"),
        PromptText.of("capital of Germany"))).isEqualTo("names differ: france vs germany");
  }

  @Test
  void promptTextNormalisesNumbersAndNames() {
    PromptText text = PromptText.of("Is 1,000 USD worth 30k rupees in the US? Ask GPT-4 on node.js");
    assertThat(text.numbers()).containsExactly("1000", "30000", "4");
    assertThat(text.names()).contains("usd", "rupees", "usa", "gpt4", "nodejs");
  }
}
