package io.semcache.memory.index;

/**
 * Parameters of the HNSW graph.
 *
 * @param m the number of neighbours per node on the upper levels; level 0 keeps {@code 2 * m}.
 *     Larger graphs find the true nearest neighbour more often and cost more memory and insert time.
 * @param efConstruction the candidate list size when linking a new node; higher builds a better
 *     graph, more slowly
 * @param efSearch the candidate list size of a search (at least {@code k} is used) in a graph of up
 *     to 100,000 vectors; higher finds the true nearest neighbour more often, more slowly. Larger
 *     graphs search with a wider list: {@link #searchBeam}
 */
public record HnswOptions(int m, int efConstruction, int efSearch) {

  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;
  public static final int DEFAULT_EF_SEARCH = 192;

  /** Validates the parameters. */
  public HnswOptions {
    if (m < 2 || m > 512) {
      throw new IllegalArgumentException("m: expected an integer in [2, 512], got " + m);
    }
    if (efConstruction < 1) {
      throw new IllegalArgumentException(
          "efConstruction: expected a positive integer, got " + efConstruction);
    }
    if (efSearch < 1) {
      throw new IllegalArgumentException("efSearch: expected a positive integer, got " + efSearch);
    }
  }

  /** Up to this many live vectors a search walks a beam of {@code efSearch}. */
  public static final int BEAM_BASE_SIZE = 100_000;
  /**
   * How the beam grows above {@link #BEAM_BASE_SIZE}. Measured on one graph of 1M embedding-like
   * vectors ({@code GraphRecallAtScale}, benchmarks module): the exact top-1 found for 0.971 of
   * queries at a beam of 192 and 0.992 at 1,024 (hnswlib on the same vectors: 0.965 and 0.994);
   * the exponent takes 192 at 100k to 1,032 at 1M.
   */
  static final double BEAM_GROWTH_EXPONENT = 0.73;

  /**
   * The candidate list a search of a graph of {@code size} live vectors walks (before raising it
   * to the number of results wanted): {@code efSearch} up to 100,000, then
   * {@code efSearch * (size / 100,000)^0.73}, because one beam finds the true nearest neighbour
   * less often in a larger graph. Beyond 1M the growth is extrapolated, not measured.
   */
  public int searchBeam(int size) {
    if (size <= BEAM_BASE_SIZE) {
      return efSearch;
    }
    return (int) Math.ceil(
        efSearch * Math.pow((double) size / BEAM_BASE_SIZE, BEAM_GROWTH_EXPONENT));
  }

  /** M 16, efConstruction 100, efSearch 192: at 100k entries the top-1 agrees with exact search for
   *  over 99% of cache-like queries (see INDEX_CHOICE.md). */
  public static HnswOptions defaults() {
    return new HnswOptions(DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH);
  }
}
