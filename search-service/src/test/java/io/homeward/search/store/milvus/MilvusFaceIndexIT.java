package io.homeward.search.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Side;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.Expunge;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.FaceIndexContract;
import io.homeward.search.index.FaceIndexFactory;
import io.homeward.search.index.IndexHit;
import io.homeward.search.index.SearchFilter;
import io.homeward.search.support.MilvusServer;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.utility.request.GetPersistentSegmentInfoReq;
import io.milvus.v2.service.utility.response.GetPersistentSegmentInfoResp;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

  /**
   * SESSION consistency (the default) still reads this process' writes: each search right after an
   * upsert or a removal sees it, though it no longer waits for the next time tick (the SDK sends
   * the write's timestamp as the search's guarantee). Eventual reads would miss most of these.
   */
  @Test
  void sessionSearchesSeeEveryWriteOfThisProcessAtOnce() {
    assertThat(MilvusSettings.builder().build().searchConsistency())
        .isEqualTo(MilvusConsistency.SESSION);
    VectorSpace space = space(SMALL_DIM);
    FaceIndex index = factory().open(space);
    Random random = new Random(17);
    index.upsert(List.of(face(1, Side.FOUND, CaseStatus.OPEN, unitVector(random, SMALL_DIM))));
    index.search(unitVector(random, SMALL_DIM), SearchFilter.open(Side.FOUND), 1); // STRONG once
    for (long id = 2; id <= 21; id++) {
      float[] v = unitVector(random, SMALL_DIM);
      index.upsert(List.of(face(id, Side.FOUND, CaseStatus.OPEN, v)));
      assertThat(index.search(v, SearchFilter.open(Side.FOUND), 1))
          .as("face %d right after its upsert", id)
          .extracting(h -> h.attributes().faceId())
          .containsExactly(id);
      index.removeFaces(List.of(id));
      assertThat(index.search(v, SearchFilter.open(Side.FOUND), 1))
          .as("face %d right after its removal", id)
          .extracting(h -> h.attributes().faceId())
          .doesNotContain(id);
    }
  }

  /**
   * After a bulk load, the flush seals the growing segments and the wait returns once every row is
   * served through the HNSW index (a segment needs 1,024 rows before Milvus indexes it).
   */
  @Test
  void flushAndAwaitIndexServesEveryRowThroughTheIndex() {
    VectorSpace space = space(SMALL_DIM);
    FaceIndex index = factory().open(space);
    Random random = new Random(5);
    List<FaceRecord> faces = new ArrayList<>();
    for (long id = 1; id <= 2_400; id++) {
      faces.add(face(id, Side.FOUND, CaseStatus.OPEN, unitVector(random, SMALL_DIM)));
    }
    index.upsert(faces);

    List<String> progress = new ArrayList<>();
    MilvusIndexBuild build =
        ((MilvusFaceIndexFactory) factory())
            .flushAndAwaitIndex(space, Duration.ofMinutes(3), progress::add);

    assertThat(build.complete()).as("%s, progress %s", build, progress).isTrue();
    assertThat(build.totalRows()).isEqualTo(2_400);
    assertThat(build.indexedRows()).isEqualTo(2_400);
    assertThat(build.servedSegments()).isPositive();
    assertThat(progress).first().asString().startsWith("flushed after");
    // Still searchable, through the index now.
    FaceRecord probe = faces.get(1_234);
    List<IndexHit> hits = index.search(probe.copyVector(), SearchFilter.open(Side.FOUND), 1);
    assertThat(hits).extracting(h -> h.attributes().faceId()).containsExactly(1_235L);
  }

  /**
   * Erasure in Milvus (PRIVACY.md rule 18): a delete only hides a row (query finds it no more, but
   * its segment still holds it, so the segments' row counts do not change); after the expunge
   * (flush and compaction) the segments no longer hold it.
   */
  @Test
  void anExpungedFaceIsGoneFromTheSegmentsNotOnlyFromQueries() throws Exception {
    VectorSpace space = space(SMALL_DIM);
    FaceIndex index = factory().open(space);
    Random random = new Random(17);
    List<FaceRecord> faces = new ArrayList<>();
    for (long id = 1; id <= 60; id++) {
      faces.add(face(id, Side.MISSING, CaseStatus.OPEN, unitVector(random, SMALL_DIM)));
    }
    index.upsert(faces);
    String collection = MilvusTestSupport.prefixFor(tempDir()) + space.storageName();
    MilvusClientV2 admin = MilvusTestSupport.adminClient();
    try {
      admin.flush(FlushReq.builder().collectionNames(List.of(collection)).build());
      assertThat(rowsInSegments(admin, collection)).isEqualTo(60);

      assertThat(index.removeFaces(List.of(7L))).isEqualTo(1);
      admin.flush(FlushReq.builder().collectionNames(List.of(collection)).build());
      assertThat(idsQueried(admin, collection, 7L)).isEmpty();
      // The finding: removed and unsearchable, and still held by its segment.
      assertThat(rowsInSegments(admin, collection)).isEqualTo(60);

      Expunge expunged = index.expungeRemoved();

      assertThat(expunged.complete()).isTrue();
      assertThat(expunged.removedFaces()).isPositive();
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (rowsInSegments(admin, collection) != 59 && System.nanoTime() < deadline) {
        Thread.sleep(1_000);
      }
      assertThat(rowsInSegments(admin, collection)).isEqualTo(59);
      assertThat(idsQueried(admin, collection, 7L)).isEmpty();
      assertThat(idsQueried(admin, collection, 8L)).containsExactly(8L);
      assertThat(index.count(Side.MISSING)).isEqualTo(59);
    } finally {
      admin.close();
    }
  }

  /**
   * A search service that starts again (a new process: a new factory) finds segments holding no
   * deleted row: its first expunge leaves them alone. It used to compact every segment after every
   * restart, and Milvus then built every segment's index again (20 minutes of both cores at 1M
   * faces). Rows deleted by the process before are still expunged by the next one.
   */
  @Test
  void aRestartedServiceRewritesSegmentsOnlyWhenTheyHoldDeletedRows() throws Exception {
    VectorSpace space = space(SMALL_DIM);
    Random random = new Random(23);
    List<FaceRecord> faces = new ArrayList<>();
    for (long id = 1; id <= 40; id++) {
      faces.add(face(id, Side.FOUND, CaseStatus.OPEN, unitVector(random, SMALL_DIM)));
    }
    factory().open(space).upsert(faces);
    String collection = MilvusTestSupport.prefixFor(tempDir()) + space.storageName();
    MilvusClientV2 admin = MilvusTestSupport.adminClient();
    try {
      admin.flush(FlushReq.builder().collectionNames(List.of(collection)).build());
      List<Long> before = segmentIds(admin, collection);

      closeFactory();
      openFactory();
      Expunge nothing = factory().open(space).expungeRemoved();

      assertThat(nothing.complete()).isTrue();
      assertThat(nothing.removedFaces()).isZero();
      assertThat(segmentIds(admin, collection)).as("no segment rewritten").isEqualTo(before);

      // The process deletes a face and stops before its expunge; the next one expunges it.
      assertThat(factory().open(space).removeFaces(List.of(9L))).isEqualTo(1);
      closeFactory();
      openFactory();
      // Complete once no segment holds the deleted row; a compaction that missed the delete log
      // reports incomplete, and the next expunge (here: the next call) compacts again.
      FaceIndex next = factory().open(space);
      boolean complete = false;
      for (int attempt = 0; attempt < 3 && !complete; attempt++) {
        complete = next.expungeRemoved().complete();
      }
      assertThat(complete).isTrue();
      assertThat(rowsInSegments(admin, collection)).isEqualTo(39);
      assertThat(segmentIds(admin, collection)).isNotEqualTo(before);
    } finally {
      admin.close();
    }
  }

  /**
   * The schedule that keeps a removal from re-indexing the whole collection (README, "Erasure"):
   * with {@code expunge-after} 1 h, a removed face is unsearchable at once and stays in its segment
   * until the mark written before its delete is an hour old, across a restart (the mark is in
   * Milvus, not in the process); then a pass compacts and clears the mark. Rows removed by someone
   * who wrote no mark are marked by the pass that finds them, not compacted at once.
   */
  @Test
  void removedFacesWaitForTheExpungeDueAfterTheConfiguredDelayAcrossRestarts() throws Exception {
    VectorSpace space = space(SMALL_DIM);
    Random random = new Random(29);
    List<FaceRecord> faces = new ArrayList<>();
    for (long id = 1; id <= 50; id++) {
      faces.add(face(id, Side.FOUND, CaseStatus.OPEN, unitVector(random, SMALL_DIM)));
    }
    String prefix = MilvusTestSupport.prefixFor(tempDir());
    String collection = prefix + space.storageName();
    MilvusSettings hourly = MilvusTestSupport.settingsExpungingAfter(prefix, Duration.ofHours(1));
    MilvusClientV2 admin = MilvusTestSupport.adminClient();
    try (MilvusFaceIndexFactory first = new MilvusFaceIndexFactory(hourly)) {
      FaceIndex index = first.open(space);
      index.upsert(faces);
      admin.flush(FlushReq.builder().collectionNames(List.of(collection)).build());
      List<Long> before = segmentIds(admin, collection);
      assertThat(removedSince(admin, collection)).as("no mark before a removal").isZero();

      long markedFrom = System.currentTimeMillis();
      assertThat(index.removeFaces(List.of(11L, 12L))).isEqualTo(2);
      long marked = removedSince(admin, collection);
      assertThat(marked).isBetween(markedFrom, System.currentTimeMillis());
      assertThat(idsQueried(admin, collection, 11L)).as("unsearchable at once").isEmpty();

      Expunge waiting = index.expungeRemoved();

      assertThat(waiting).isEqualTo(Expunge.deferred(2));
      assertThat(segmentIds(admin, collection)).as("no segment rewritten").isEqualTo(before);
      assertThat(rowsInSegments(admin, collection)).isEqualTo(50);
      assertThat(index.removeFaces(List.of(13L))).isEqualTo(1);
      assertThat(removedSince(admin, collection)).as("the oldest removal counts").isEqualTo(marked);
    }
    try (MilvusFaceIndexFactory restarted = new MilvusFaceIndexFactory(hourly)) {
      FaceIndex index = restarted.open(space);
      assertThat(index.expungeRemoved()).isEqualTo(Expunge.deferred(3));
      assertThat(removedSince(admin, collection)).as("a restart keeps the mark").isPositive();

      // An hour later (the mark moved back, as the clock would move on).
      setRemovedSince(
          admin, collection, System.currentTimeMillis() - Duration.ofMinutes(61).toMillis());
      boolean complete = false;
      for (int attempt = 0; attempt < 3 && !complete; attempt++) {
        Expunge due = index.expungeRemoved();
        complete = due.complete();
        assertThat(due.deferredFaces()).isZero();
      }
      assertThat(complete).isTrue();
      assertThat(rowsInSegments(admin, collection)).isEqualTo(47);
      assertThat(removedSince(admin, collection)).as("mark cleared").isZero();
      assertThat(index.expungeRemoved()).isEqualTo(Expunge.NOTHING);

      // A delete that wrote no mark (another client): the pass marks it and waits.
      admin.delete(
          io.milvus.v2.service.vector.request.DeleteReq.builder()
              .collectionName(collection)
              .filter(MilvusSchema.FACE_ID + " in [20]")
              .build());
      long found = System.currentTimeMillis();
      assertThat(index.expungeRemoved()).isEqualTo(Expunge.deferred(1));
      assertThat(removedSince(admin, collection)).isGreaterThanOrEqualTo(found);
      assertThat(rowsInSegments(admin, collection)).isEqualTo(47);
    } finally {
      admin.close();
    }
  }

  private static long removedSince(MilvusClientV2 admin, String collection) {
    String value =
        admin
            .describeCollection(
                io.milvus.v2.service.collection.request.DescribeCollectionReq.builder()
                    .collectionName(collection)
                    .build())
            .getProperties()
            .get(MilvusFaceIndex.REMOVED_SINCE);
    return value == null ? 0 : Long.parseLong(value);
  }

  private static void setRemovedSince(MilvusClientV2 admin, String collection, long epochMillis) {
    admin.alterCollection(
        io.milvus.v2.service.collection.request.AlterCollectionReq.builder()
            .collectionName(collection)
            .property(MilvusFaceIndex.REMOVED_SINCE, Long.toString(epochMillis))
            .build());
  }

  private static List<Long> segmentIds(MilvusClientV2 admin, String collection) {
    List<Long> ids = new ArrayList<>();
    for (GetPersistentSegmentInfoResp.PersistentSegmentInfo segment :
        liveSegments(admin, collection)) {
      ids.add(segment.getSegmentID());
    }
    ids.sort(null);
    return ids;
  }

  /** Rows held by the collection's flushed segments (deleted rows included until compaction). */
  private static long rowsInSegments(MilvusClientV2 admin, String collection) {
    long rows = 0;
    for (GetPersistentSegmentInfoResp.PersistentSegmentInfo segment :
        liveSegments(admin, collection)) {
      rows += segment.getNumOfRows();
    }
    return rows;
  }

  /** The collection's flushed segments that are not dropped. */
  private static List<GetPersistentSegmentInfoResp.PersistentSegmentInfo> liveSegments(
      MilvusClientV2 admin, String collection) {
    return admin
        .getPersistentSegmentInfo(
            GetPersistentSegmentInfoReq.builder().collectionName(collection).build())
        .getSegmentInfos()
        .stream()
        .filter(segment -> !"Dropped".equalsIgnoreCase(segment.getState()))
        .toList();
  }

  private static List<Long> idsQueried(MilvusClientV2 admin, String collection, long faceId) {
    List<Long> ids = new ArrayList<>();
    for (QueryResp.QueryResult r :
        admin
            .query(
                QueryReq.builder()
                    .collectionName(collection)
                    .filter(MilvusSchema.FACE_ID + " in [" + faceId + "]")
                    .outputFields(List.of(MilvusSchema.FACE_ID))
                    .consistencyLevel(ConsistencyLevel.STRONG)
                    .build())
            .getQueryResults()) {
      ids.add(((Number) r.getEntity().get(MilvusSchema.FACE_ID)).longValue());
    }
    return ids;
  }

  @AfterEach
  void dropTestCollections() {
    MilvusTestSupport.dropCollections(MilvusTestSupport.prefixFor(tempDir()));
  }
}
