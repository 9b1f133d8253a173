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

  static MilvusSettings settings(String prefix) {
    return MilvusSettings.builder()
        .host(MilvusServer.HOST)
        .port(MilvusServer.PORT)
        .rpcDeadline(Duration.ofSeconds(5))
        .maxAttempts(2)
        .collectionPrefix(prefix)
        .build();
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
