package io.semcache.benchmarks.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real-vector benchmark's file format and a tiny end-to-end run, so the tool cannot rot. */
class RealVectorBenchmarkTest {

  @TempDir
  Path dir;

  private Path write(float[][] corpus, float[][] queries) throws IOException {
    int dimension = corpus[0].length;
    ByteBuffer buffer = ByteBuffer.allocate(8 + 12 + 4 * dimension * (corpus.length + queries.length))
        .order(ByteOrder.LITTLE_ENDIAN);
    buffer.put("SCVEC1\0\0".getBytes(StandardCharsets.US_ASCII));
    buffer.putInt(corpus.length).putInt(queries.length).putInt(dimension);
    for (float[][] rows : new float[][][] {corpus, queries}) {
      for (float[] row : rows) {
        for (float x : row) {
          buffer.putFloat(x);
        }
      }
    }
    Path file = dir.resolve("vectors.f32");
    Files.write(file, buffer.array());
    return file;
  }

  @Test
  void readsCorpusAndQueriesAsWrittenAndHonoursTheCorpusLimit() throws IOException {
    EmbeddingLikeVectors source = new EmbeddingLikeVectors(VectorData.CLUSTERED, 16, 1);
    float[][] corpus = Fixtures.vectors(source, 10);
    float[][] queries = Fixtures.vectors(source, 3);
    Path file = write(corpus, queries);

    RealVectors all = RealVectors.read(file, 0);
    RealVectors some = RealVectors.read(file, 4);

    assertThat(all.corpus()).isDeepEqualTo(corpus);
    assertThat(all.queries()).isDeepEqualTo(queries);
    assertThat(some.corpus()).hasNumberOfRows(4);
    assertThat(some.queries()).isDeepEqualTo(queries);
  }

  @Test
  void aFileOfAnotherFormatOrSizeIsRefusedNamingTheFile() throws IOException {
    Path notVectors = dir.resolve("other.bin");
    Files.write(notVectors, new byte[64]);
    Path file = write(new float[][] {{1, 0}}, new float[][] {{0, 1}});
    Path truncated = dir.resolve("truncated.f32");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 4));

    assertThatThrownBy(() -> RealVectors.read(notVectors, 0)).isInstanceOf(IOException.class)
        .hasMessageContaining("other.bin").hasMessageContaining("not a vectors file");
    assertThatThrownBy(() -> RealVectors.read(truncated, 0)).isInstanceOf(IOException.class)
        .hasMessageContaining("truncated.f32").hasMessageContaining("file has");
  }

  @Test
  void aSmallRunReportsEveryFigureAndFindsTheExactTopOne() throws IOException {
    EmbeddingLikeVectors source = new EmbeddingLikeVectors(VectorData.CLUSTERED, 384, 7);
    float[][] corpus = Fixtures.vectors(source, 300);
    float[][] queries = Fixtures.queries(source, corpus, 40, 8);
    Path out = dir.resolve("result.json");

    RealVectorBenchmark.main(new String[] {"--vectors", write(corpus, queries).toString(),
        "--ef", "300", "--reinserts", "20", "--exact-queries", "10", "--out", out.toString()});

    String json = Files.readString(out);
    // ef 300 on 300 vectors reaches every node, so the graph must agree with the exact scan.
    assertThat(json).contains("\"corpus\":300", "\"queries\":40", "\"index\":\"exact\"",
        "\"ef\":300", "\"recall_at_1\":1.00000", "\"inserts_per_s\":", "\"reinsert_mean_us\":");
  }
}
