package io.semcache.embedding;

import ai.djl.huggingface.tokenizers.Encoding;

/**
 * Tokenised texts padded to one width: row-major token ids and attention mask, ready for one
 * forward pass, plus what the tokenizer said about each row.
 */
final class TokenizedBatch {
  final int rows;
  final int width;
  final long[] inputIds;
  final long[] attentionMask;
  final int[] tokenCounts;
  final boolean[] truncated;
  final int[] unknownTokenCounts;

  private TokenizedBatch(int rows, int width) {
    this.rows = rows;
    this.width = width;
    this.inputIds = new long[rows * width];
    this.attentionMask = new long[rows * width];
    this.tokenCounts = new int[rows];
    this.truncated = new boolean[rows];
    this.unknownTokenCounts = new int[rows];
  }

  /**
   * Packs encodings, padding each on the right with id 0 and mask 0 to the longest one, and counts
   * the tokens of each row equal to {@code unknownTokenId} (none when it is negative).
   */
  static TokenizedBatch of(Encoding[] encodings, long unknownTokenId) {
    int width = 0;
    for (Encoding encoding : encodings) {
      width = Math.max(width, encoding.getIds().length);
    }
    TokenizedBatch batch = new TokenizedBatch(encodings.length, width);
    for (int row = 0; row < encodings.length; row++) {
      long[] ids = encodings[row].getIds();
      long[] mask = encodings[row].getAttentionMask();
      System.arraycopy(ids, 0, batch.inputIds, row * width, ids.length);
      System.arraycopy(mask, 0, batch.attentionMask, row * width, mask.length);
      int count = 0;
      for (long m : mask) {
        count += (int) m;
      }
      int unknown = 0;
      for (long id : ids) {
        if (id == unknownTokenId) {
          unknown++;
        }
      }
      batch.unknownTokenCounts[row] = unknown;
      batch.tokenCounts[row] = count;
      batch.truncated[row] = encodings[row].exceedMaxLength();
    }
    return batch;
  }
}
