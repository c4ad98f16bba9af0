package io.semcache.memory.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HnswOptionsTest {

  private final HnswOptions defaults = HnswOptions.defaults();

  @Test
  void graphsUpToTheBaseSizeSearchWithEfSearch() {
    assertThat(defaults.searchBeam(1)).isEqualTo(192);
    assertThat(defaults.searchBeam(HnswOptions.BEAM_BASE_SIZE)).isEqualTo(192);
    assertThat(new HnswOptions(16, 100, 64).searchBeam(50_000)).isEqualTo(64);
  }

  @Test
  void largerGraphsSearchWithAWiderBeam() {
    assertThat(defaults.searchBeam(HnswOptions.BEAM_BASE_SIZE + 1)).isGreaterThanOrEqualTo(192);
    assertThat(defaults.searchBeam(300_000)).isBetween(193, 1023);
    // 1,024 is the beam measured to find the exact top-1 for >= 99% of queries at 1M.
    assertThat(defaults.searchBeam(1_000_000)).isGreaterThanOrEqualTo(1024);
    int previous = 0;
    for (int size = 100_000; size <= 2_000_000; size += 100_000) {
      assertThat(defaults.searchBeam(size)).isGreaterThanOrEqualTo(previous);
      previous = defaults.searchBeam(size);
    }
  }

  @Test
  void theBeamScalesWithEfSearch() {
    assertThat(new HnswOptions(16, 100, 96).searchBeam(1_000_000))
        .isEqualTo((defaults.searchBeam(1_000_000) + 1) / 2);
  }
}
