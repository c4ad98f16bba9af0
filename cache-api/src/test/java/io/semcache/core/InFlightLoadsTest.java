package io.semcache.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.semcache.Embedding;
import io.semcache.Partition;
import io.semcache.SimilarityThreshold;
import org.junit.jupiter.api.Test;

class InFlightLoadsTest {

  private final InFlightLoads loads = new InFlightLoads();
  private final Partition acme = Partition.of("acme", "m");
  private final Partition globex = Partition.of("globex", "m");
  private final SimilarityThreshold threshold = SimilarityThreshold.of(0.9);
  private static final InFlightLoads.PendingMatch ACCEPT_ALL = (prompt, similarity) -> true;

  @Test
  void aSimilarPendingPromptIsNotJoinedWhenTheVerifiersRefuseIt() {
    Embedding a = Embedding.of("m", new float[] {1, 0});
    Embedding near = Embedding.of("m", new float[] {0.95f, 0.312f});
    long seen = loads.sequence();
    loads.joinOrLead(acme, "enable 2FA", a, threshold, seen, true, ACCEPT_ALL, null);
    assertThat(loads.joinOrLead(acme, "disable 2FA", near, threshold, seen, true,
        (prompt, similarity) -> false, null)).isInstanceOf(InFlightLoads.Lead.class);
  }

  @Test
  void identicalPromptJoinsSimilarJoinsDissimilarLeads() {
    Embedding a = Embedding.of("m", new float[] {1, 0});
    Embedding near = Embedding.of("m", new float[] {0.95f, 0.312f});
    Embedding far = Embedding.of("m", new float[] {0, 1});
    long seen = loads.sequence();
    assertThat(loads.joinOrLead(acme, "p", a, threshold, seen, true, ACCEPT_ALL, null))
        .isInstanceOf(InFlightLoads.Lead.class);
    assertThat(loads.joinOrLead(acme, "p", null, threshold, seen, true, ACCEPT_ALL, null))
        .isInstanceOf(InFlightLoads.Join.class);
    assertThat(loads.joinOrLead(acme, "q", near, threshold, seen, true, ACCEPT_ALL, null))
        .isInstanceOf(InFlightLoads.Join.class);
    assertThat(loads.joinOrLead(acme, "r", far, threshold, seen, true, ACCEPT_ALL, null))
        .isInstanceOf(InFlightLoads.Lead.class);
    assertThat(loads.joinOrLead(globex, "p", a, threshold, seen, true, ACCEPT_ALL, null))
        .as("never across partitions").isInstanceOf(InFlightLoads.Lead.class);
  }

  @Test
  void aLoadFinishedInThePartitionSinceTheLookupAsksForAnotherLookup() {
    long seen = loads.sequence();
    var lead = (InFlightLoads.Lead) loads.joinOrLead(acme, "p", null, threshold, seen, true, ACCEPT_ALL, null);
    loads.finished(lead.pending());

    assertThat(loads.joinOrLead(acme, "p", null, threshold, seen, true, ACCEPT_ALL, null))
        .isInstanceOf(InFlightLoads.LookUpAgain.class);
    assertThat(loads.joinOrLead(globex, "p", null, threshold, seen, true, ACCEPT_ALL, null))
        .as("a completion elsewhere does not matter").isInstanceOf(InFlightLoads.Lead.class);
    assertThat(loads.joinOrLead(acme, "p", null, threshold, loads.sequence(), true, ACCEPT_ALL, null))
        .isInstanceOf(InFlightLoads.Lead.class);
  }

  @Test
  void aLoadThatIsNotJoinableLeadsAloneAndJoinsNothingLater() {
    long seen = loads.sequence();
    var alone = loads.joinOrLead(acme, "p", null, threshold, seen, false, ACCEPT_ALL, null);

    assertThat(alone).isInstanceOf(InFlightLoads.Lead.class);
    assertThat(loads.pendingCount()).isZero();
    assertThat(loads.joinOrLead(acme, "p", null, threshold, seen, true, ACCEPT_ALL, null))
        .as("nobody joins the unregistered load").isInstanceOf(InFlightLoads.Lead.class);
    assertThat(loads.joinOrLead(acme, "p", null, threshold, seen, false, ACCEPT_ALL, null))
        .as("but a non-joinable call may itself join").isInstanceOf(InFlightLoads.Join.class);
  }

  @Test
  void forgottenCompletionsAreAssumedToMatter() {
    long seen = loads.sequence();
    for (int i = 0; i < 2000; i++) {
      var lead = (InFlightLoads.Lead) loads.joinOrLead(globex, "p" + i, null, threshold,
          loads.sequence(), true, ACCEPT_ALL, null);
      loads.finished(lead.pending());
    }
    assertThat(loads.joinOrLead(acme, "p", null, threshold, seen, true, ACCEPT_ALL, null))
        .isInstanceOf(InFlightLoads.LookUpAgain.class);
  }
}
