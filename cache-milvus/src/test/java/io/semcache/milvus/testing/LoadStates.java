package io.semcache.milvus.testing;

import io.milvus.grpc.LoadState;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.ListCollectionsReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Restores collections' load state across a milvus-lite restart, as Milvus itself does.
 *
 * <p>Milvus (standalone or cluster) records which collections are loaded and loads them again
 * when it restarts; milvus-lite 3.2 forgets it, so after a restart every search and get fails
 * with "collection is in state 'released'" (error code 101, which milvus-sdk-java 2.6 cannot
 * decode and reports as "Can't get the number of an unknown enum value"). The backend must not
 * have to work around a difference that production Milvus does not have, so the test server does:
 * it notes what is loaded before it stops and loads it again after it starts.
 */
final class LoadStates {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  // A shared test server holds dozens of collections; loading them all takes longer than the
  // SDK's default 60 s wait for one.
  private static final long RESTORE_TIMEOUT_MILLIS = 180_000;

  /** A loaded collection: database and name. */
  record Loaded(String database, String collection) {}

  private LoadStates() {}

  /** The loaded collections in every database; empty if the server does not answer. */
  static List<Loaded> capture(MilvusEndpoint endpoint) {
    List<Loaded> loaded = new ArrayList<>();
    @Nullable MilvusClientV2 client = null;
    try {
      client = new MilvusClientV2(endpoint.connectConfig(DEADLINE).build());
      for (String db : client.listDatabases().getDatabaseNames()) {
        for (String collection :
            client
                .listCollectionsV2(ListCollectionsReq.builder().databaseName(db).build())
                .getCollectionNames()) {
          LoadState state =
              client
                  .getLoadStateV2(
                      GetLoadStateReq.builder().databaseName(db).collectionName(collection).build())
                  .getState();
          if (state == LoadState.LoadStateLoaded || state == LoadState.LoadStateLoading) {
            loaded.add(new Loaded(db, collection));
          }
        }
      }
    } catch (RuntimeException e) {
      // A hung or dying server: nothing to restore, and the tests will say so.
    } finally {
      close(client);
    }
    return loaded;
  }

  /** Loads {@code collections} again. */
  static void restore(MilvusEndpoint endpoint, List<Loaded> collections) {
    if (collections.isEmpty()) {
      return;
    }
    MilvusClientV2 client = new MilvusClientV2(endpoint.connectConfig(DEADLINE).build());
    try {
      // Ask for every load first so the server loads them side by side, then wait for each.
      for (Loaded each : collections) {
        client.loadCollection(LoadCollectionReq.builder().databaseName(each.database())
            .collectionName(each.collection()).sync(false).build());
      }
      for (Loaded each : collections) {
        client.loadCollection(LoadCollectionReq.builder().databaseName(each.database())
            .collectionName(each.collection()).timeout(RESTORE_TIMEOUT_MILLIS).build());
      }
    } finally {
      close(client);
    }
  }

  private static void close(@Nullable MilvusClientV2 client) {
    if (client == null) {
      return;
    }
    try {
      client.close(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
