package io.homeward.search.store.milvus;

import io.homeward.search.support.MilvusServer;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import java.nio.file.Path;
import java.time.Duration;

/** Settings and clean-up shared by the Milvus integration tests. */
final class MilvusTestSupport {
  private MilvusTestSupport() {}

  /** A collection prefix unique to a test's temporary directory, stable for that directory. */
  static String prefixFor(Path tempDir) {
    return "t"
        + Integer.toHexString(tempDir.toAbsolutePath().toString().hashCode())
        + "_"
        + Long.toHexString(ProcessHandle.current().pid())
        + "_";
  }

  /**
   * For correctness runs. Creating, indexing and loading a collection on a busy 2-core machine
   * measured over 5 s at times (DEADLINE_EXCEEDED on create), so these runs allow 30 s per call.
   */
  static MilvusSettings settings(String prefix) {
    return settings(prefix, Duration.ofSeconds(30));
  }

  /** The production default deadline, for tests that assert a down server fails fast. */
  static MilvusSettings failFastSettings(String prefix) {
    return settings(prefix, Duration.ofSeconds(5));
  }

  /**
   * Settings whose expunge compacts after {@code expungeAfter} (the others: at the first pass after
   * a removal, as the erasure tests expect).
   */
  static MilvusSettings settingsExpungingAfter(String prefix, Duration expungeAfter) {
    return builder(prefix, Duration.ofSeconds(30)).expungeAfter(expungeAfter).build();
  }

  private static MilvusSettings settings(String prefix, Duration deadline) {
    return builder(prefix, deadline).build();
  }

  private static MilvusSettings.Builder builder(String prefix, Duration deadline) {
    return MilvusSettings.builder()
        .host(MilvusServer.HOST)
        .port(MilvusServer.PORT)
        .rpcDeadline(deadline)
        .maxAttempts(2)
        .collectionPrefix(prefix)
        .expungeAfter(Duration.ZERO);
  }

  static MilvusClientV2 adminClient() {
    return new MilvusClientV2(
        ConnectConfig.builder()
            .uri("http://" + MilvusServer.HOST + ":" + MilvusServer.PORT)
            .rpcDeadlineMs(30_000)
            .build());
  }

  /** Drops every collection whose name starts with the prefix. */
  static void dropCollections(String prefix) {
    MilvusClientV2 admin = adminClient();
    try {
      for (String name : admin.listCollections().getCollectionNames()) {
        if (name.startsWith(prefix)) {
          admin.dropCollection(DropCollectionReq.builder().collectionName(name).build());
        }
      }
    } finally {
      admin.close();
    }
  }
}
