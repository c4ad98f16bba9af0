package io.semcache.milvus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.vector.request.GetReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.GetResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MilvusTestServer} must do for the backend's tests: answer gRPC, fail calls
 * within the client's deadline while it is down, and come back on the same endpoint with every
 * acknowledged write and its collections loaded. Subclasses pick the server with {@link
 * WithMilvus}; they must ask for a dedicated one, since these tests kill it.
 */
abstract class MilvusTestServerContract {

  private static final Duration DEADLINE = Duration.ofSeconds(2);
  private static final int DIM = 4;

  @Test
  void answersMilvusCallsOnItsEndpoint(MilvusTestServer server) throws InterruptedException {
    assertThat(server.isRunning()).isTrue();
    MilvusClientV2 client = connect(server);
    try {
      assertThat(client.getServerVersion()).isNotBlank();
      assertThat(client.hasCollection(has("absent_" + suffix()))).isFalse();
    } finally {
      client.close(1);
    }
  }

  @Test
  void acknowledgedWriteSurvivesKillAndRestart(MilvusTestServer server) throws InterruptedException {
    String collection = "kill_" + suffix();
    MilvusEndpoint before = server.endpoint();
    MilvusClientV2 client = connect(server);
    try {
      createLoadedCollection(client, collection);
      upsert(client, collection, "acked", new float[] {1, 0, 0, 0});
      // No flush: Milvus acknowledges an upsert once it is in its write-ahead log.
      server.kill();
      assertThat(server.isRunning()).isFalse();
    } finally {
      client.close(1);
    }

    server.restart();

    assertThat(server.isRunning()).isTrue();
    assertThat(server.endpoint()).isEqualTo(before);
    MilvusClientV2 after = connect(server);
    try {
      assertThat(ids(after.get(GetReq.builder().collectionName(collection).ids(List.of("acked")).build())))
          .containsExactly("acked");
      // Searchable without loading it again: the collection was loaded before the crash.
      SearchResp found = after.search(nearest(collection, new float[] {1, 0, 0, 0}));
      assertThat(found.getSearchResults().get(0)).extracting(SearchResp.SearchResult::getId)
          .containsExactly("acked");
    } finally {
      after.close(1);
    }
  }

  @Test
  void callsToAKilledServerFailWithinTheDeadlineAndTheClientRecovers(MilvusTestServer server)
      throws InterruptedException {
    MilvusClientV2 client = connect(server);
    try {
      client.hasCollection(has("warm_up"));
      server.kill();

      // The SDK waits for a ready channel; only the deadline stops a call to a dead server.
      assertTimeoutPreemptively(
          DEADLINE.multipliedBy(10),
          () ->
              assertThatThrownBy(() -> client.hasCollection(has("during_outage")))
                  .isInstanceOf(MilvusClientException.class)
                  .hasMessageContaining("DEADLINE_EXCEEDED"));

      server.restart();
      // The same client reconnects by itself; gRPC's reconnect backoff decides when.
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            while (true) {
              try {
                assertThat(client.hasCollection(has("after_outage"))).isFalse();
                return;
              } catch (MilvusClientException stillDown) {
                Thread.sleep(100);
              }
            }
          });
    } finally {
      client.close(1);
    }
  }

  @Test
  void gracefulStopAndRestartKeepTheData(MilvusTestServer server) throws InterruptedException {
    String collection = "stop_" + suffix();
    MilvusClientV2 client = connect(server);
    try {
      createLoadedCollection(client, collection);
      upsert(client, collection, "kept", new float[] {0, 1, 0, 0});
    } finally {
      client.close(1);
    }
    server.stop();
    assertThat(server.isRunning()).isFalse();

    server.restart();

    MilvusClientV2 after = connect(server);
    try {
      assertThat(ids(after.get(GetReq.builder().collectionName(collection).ids(List.of("kept")).build())))
          .containsExactly("kept");
    } finally {
      after.close(1);
    }
  }

  static MilvusClientV2 connect(MilvusTestServer server) {
    return new MilvusClientV2(server.endpoint().connectConfig(DEADLINE).build());
  }

  static void createLoadedCollection(MilvusClientV2 client, String name) {
    CreateCollectionReq.CollectionSchema schema =
        CreateCollectionReq.CollectionSchema.builder().enableDynamicField(false).build();
    schema.addField(
        AddFieldReq.builder()
            .fieldName("id")
            .dataType(DataType.VarChar)
            .maxLength(64)
            .isPrimaryKey(true)
            .autoID(false)
            .build());
    schema.addField(
        AddFieldReq.builder().fieldName("embedding").dataType(DataType.FloatVector).dimension(DIM).build());
    IndexParam index =
        IndexParam.builder()
            .fieldName("embedding")
            .indexType(IndexParam.IndexType.HNSW)
            .metricType(IndexParam.MetricType.IP)
            .extraParams(Map.of("M", 16, "efConstruction", 64))
            .build();
    // With index params, createCollection also builds the index and loads the collection.
    client.createCollection(
        CreateCollectionReq.builder()
            .collectionName(name)
            .collectionSchema(schema)
            .indexParams(List.of(index))
            .build());
  }

  static void upsert(MilvusClientV2 client, String collection, String id, float[] vector) {
    JsonObject row = new JsonObject();
    row.addProperty("id", id);
    JsonArray values = new JsonArray();
    for (float v : vector) {
      values.add(v);
    }
    row.add("embedding", values);
    client.upsert(UpsertReq.builder().collectionName(collection).data(List.of(row)).build());
  }

  static SearchReq nearest(String collection, float[] vector) {
    return SearchReq.builder()
        .collectionName(collection)
        .annsField("embedding")
        .data(List.of(new FloatVec(vector)))
        .limit(1)
        .searchParams(Map.of("ef", 64))
        .build();
  }

  static List<Object> ids(GetResp response) {
    return response.getGetResults().stream().map(r -> r.getEntity().get("id")).toList();
  }

  static HasCollectionReq has(String name) {
    return HasCollectionReq.builder().collectionName(name).build();
  }

  static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
