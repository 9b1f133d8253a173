package io.homeward.search.store.milvus;

import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndexContract;
import io.homeward.search.index.FaceIndexFactory;
import io.homeward.search.support.MilvusServer;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The FaceIndex contract against a real Milvus 2.3 server. */
class MilvusFaceIndexIT extends FaceIndexContract {
  private static MilvusServer server;

  @BeforeAll
  static void startServer() {
    server = MilvusServer.start();
  }

  @Override
  protected FaceIndexFactory newFactory(Path tempDir) {
    return new MilvusFaceIndexFactory(
        MilvusTestSupport.settings(MilvusTestSupport.prefixFor(tempDir)));
  }

  @Override
  protected void restartStore() {
    closeFactory();
    server.restart();
    openFactory();
  }

  /** Replaces the collection with one of another metric and without the region field. */
  @Override
  protected void tamperSchema(Path tempDir, VectorSpace space) {
    String name = MilvusTestSupport.prefixFor(tempDir) + space.storageName();
    MilvusClientV2 admin = MilvusTestSupport.adminClient();
    try {
      admin.dropCollection(DropCollectionReq.builder().collectionName(name).build());
      CreateCollectionReq.CollectionSchema schema =
          CreateCollectionReq.CollectionSchema.builder().build();
      schema.addField(
          AddFieldReq.builder()
              .fieldName(MilvusSchema.FACE_ID)
              .dataType(DataType.Int64)
              .isPrimaryKey(true)
              .autoID(false)
              .build());
      schema.addField(
          AddFieldReq.builder()
              .fieldName(MilvusSchema.VECTOR)
              .dataType(DataType.FloatVector)
              .dimension(space.dimension())
              .build());
      admin.createCollection(
          CreateCollectionReq.builder()
              .collectionName(name)
              .collectionSchema(schema)
              .indexParams(
                  List.of(
                      IndexParam.builder()
                          .fieldName(MilvusSchema.VECTOR)
                          .indexType(IndexParam.IndexType.FLAT)
                          .metricType(IndexParam.MetricType.L2)
                          .build()))
              .build());
    } finally {
      admin.close();
    }
  }

  @AfterEach
  void dropTestCollections() {
    MilvusTestSupport.dropCollections(MilvusTestSupport.prefixFor(tempDir()));
  }
}
