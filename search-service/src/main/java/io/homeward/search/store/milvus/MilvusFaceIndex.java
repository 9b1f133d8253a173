package io.homeward.search.store.milvus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.homeward.search.domain.CaseStatus;
import io.homeward.search.domain.FaceAttributes;
import io.homeward.search.domain.FaceRecord;
import io.homeward.search.domain.Sex;
import io.homeward.search.domain.Side;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.domain.Vectors;
import io.homeward.search.index.Expunge;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.IndexHit;
import io.homeward.search.index.SearchFilter;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.CompactionState;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.utility.request.CompactReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.utility.request.GetCompactionStateReq;
import io.milvus.v2.service.utility.request.GetPersistentSegmentInfoReq;
import io.milvus.v2.service.utility.response.CompactResp;
import io.milvus.v2.service.utility.response.GetCompactionStateResp;
import io.milvus.v2.service.utility.response.GetPersistentSegmentInfoResp;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The faces of one vector space in one Milvus collection. Thread-safe: it holds no mutable state
 * and shares its factory's client, which is.
 *
 * <p>Durability: an upsert or delete returns once the server has acknowledged it, that is written
 * it to its write-ahead log (RocksMQ in standalone, the message queue in a cluster); a restarted
 * server replays the log, so no flush is needed (the restart test checks it). Visibility: counts
 * and the reads of removals use STRONG consistency, so they see every write acknowledged before
 * they began; searches use the configured {@link MilvusConsistency}, by default {@link
 * MilvusConsistency#SESSION}: they see every write this process made before they began.
 */
final class MilvusFaceIndex implements FaceIndex {
  /** Milvus' largest topK and query window. */
  static final int MAX_RESULTS = 16_384;

  /**
   * Queries sent in one search request. The reply carries every result's scalar fields: 16 x 300
   * (the service's largest k with overfetch) stays well under gRPC's 4 MiB message limit.
   */
  static final int QUERIES_PER_REQUEST = 16;

  private static final int WRITE_BATCH = 1_000;
  private static final int ID_BATCH = 1_000;

  /** Longest wait for a compaction; an unfinished one is looked at again by the next expunge. */
  static final Duration EXPUNGE_WAIT = Duration.ofMinutes(10);

  /**
   * Longest wait, after a compaction completed, for the segments' row counts to show the deleted
   * rows gone (the compacted segments replace the old ones a moment later).
   */
  static final Duration ROWS_SETTLE = Duration.ofSeconds(60);

  private final MilvusClientV2 client;
  private final String collection;
  private final VectorSpace space;
  private final int searchEf;
  private final MilvusConsistency consistency;
  // Removals acknowledged in this process, and how many of them a completed STRONG search had
  // seen: SESSION is used only once a STRONG search begun after the last removal has completed
  // (-1: none yet, so the first search of a process is STRONG and sees earlier processes' writes).
  // A removal does not advance the SDK's session timestamp: measured on 2.3.5, a SESSION search
  // right after a delete still found the removed face, so the next search waits for it.
  private final AtomicLong removals = new AtomicLong();
  private final AtomicLong caughtUpTo = new AtomicLong(-1);

  /**
   * A flush makes the data node write its buffered deletes of already flushed segments to delete
   * logs once its channel passes the flush's timestamp, a moment after the call returns (the SDK
   * waits only for segments to be flushed, and these already are; measured on 2.3.5: about 0.2 s).
   * A compaction planned before that keeps the deleted rows, so the expunge waits this long.
   */
  static final Duration FLUSH_SETTLE = Duration.ofSeconds(5);

  // Faces deleted since the last completed compaction, and when the last one was deleted; a
  // compaction covers the deletes made before its flush. Unknown after a restart: the first
  // expunge of a process compacts whatever the server holds.
  private final AtomicLong removedSinceExpunge = new AtomicLong();
  private final AtomicLong lastDeleteNanos = new AtomicLong(System.nanoTime());
  private volatile boolean compactedOnce;
  private volatile long coveredBeforeNanos;

  MilvusFaceIndex(
      MilvusClientV2 client,
      String collection,
      VectorSpace space,
      int searchEf,
      MilvusConsistency consistency) {
    this.client = client;
    this.collection = collection;
    this.space = space;
    this.searchEf = searchEf;
    this.consistency = Objects.requireNonNull(consistency, "consistency");
  }

  /**
   * The level of the next search. SESSION: the SDK sends the timestamp of this process' last insert
   * or delete on the collection as the search's guarantee timestamp (or none when there was none),
   * so the query nodes wait for that write and no longer.
   */
  private ConsistencyLevel searchLevel(long removalsBefore) {
    return consistency == MilvusConsistency.SESSION && caughtUpTo.get() >= removalsBefore
        ? ConsistencyLevel.SESSION
        : ConsistencyLevel.STRONG;
  }

  @Override
  public VectorSpace space() {
    return space;
  }

  @Override
  public void upsert(List<FaceRecord> faces) {
    Objects.requireNonNull(faces, "faces");
    // Check the whole batch first: a wrong dimension writes nothing.
    Map<Long, FaceRecord> byId = new LinkedHashMap<>();
    for (FaceRecord face : faces) {
      checkDimension(face.dimension());
      byId.put(face.attributes().faceId(), face); // the last of repeated ids wins
    }
    List<JsonObject> rows = new ArrayList<>();
    for (FaceRecord face : byId.values()) {
      rows.add(row(face));
      if (rows.size() == WRITE_BATCH) {
        write(rows);
        rows = new ArrayList<>();
      }
    }
    if (!rows.isEmpty()) {
      write(rows);
    }
  }

  /**
   * Replaces rows by id: delete, then insert. Not {@code upsert}: on the Milvus 2.3.5 server the
   * tests run against, upserts into a collection with a partition key lost most rows (measured: 1
   * of 5 left). The insert carries a later timestamp than the delete, so the new row stands. A
   * failure between the two leaves the face absent, never stale or doubled; the caller's outbox
   * retries the call until it is acknowledged.
   */
  private void write(List<JsonObject> rows) {
    List<Long> ids = new ArrayList<>(rows.size());
    for (JsonObject row : rows) {
      ids.add(row.get(MilvusSchema.FACE_ID).getAsLong());
    }
    delete(ids);
    call(
        "insert",
        () -> client.insert(InsertReq.builder().collectionName(collection).data(rows).build()));
  }

  @Override
  public int removeFaces(Collection<Long> faceIds) {
    Objects.requireNonNull(faceIds, "faceIds");
    List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(faceIds));
    int removed = 0;
    for (int from = 0; from < distinct.size(); from += ID_BATCH) {
      List<Long> chunk = distinct.subList(from, Math.min(distinct.size(), from + ID_BATCH));
      List<Long> existing = idsWhere(MilvusExpressions.faceIds(chunk), chunk.size());
      delete(existing);
      removed += existing.size();
    }
    if (removed > 0) {
      removals.incrementAndGet();
    }
    return removed;
  }

  @Override
  public int removeCase(String caseRef) {
    String expression = MilvusExpressions.caseRef(caseRef);
    // Query the ids, then delete by primary key: the count is exact, and deletes by primary key
    // work on every server version.
    int removed = 0;
    while (true) {
      List<Long> ids = idsWhere(expression, MAX_RESULTS);
      if (ids.isEmpty()) {
        if (removed > 0) {
          removals.incrementAndGet();
        }
        return removed;
      }
      delete(ids);
      removed += ids.size();
    }
  }

  private void delete(List<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    String expression = MilvusExpressions.faceIds(ids);
    call(
        "delete",
        () ->
            client.delete(
                DeleteReq.builder().collectionName(collection).filter(expression).build()));
    removedSinceExpunge.addAndGet(ids.size());
    lastDeleteNanos.set(System.nanoTime());
  }

  /**
   * Flushes (a delete in a growing segment reaches disk only as a delete log beside the row) and
   * compacts the collection: a manual compaction rewrites every sealed segment without its deleted
   * rows. The old segment files are then removed by the server's garbage collector after {@code
   * dataCoord.gc.dropTolerance} (README, "Erasure"). Waits {@link #FLUSH_SETTLE}, then at most
   * {@link #EXPUNGE_WAIT}. Does nothing when every delete is covered by a completed compaction.
   */
  @Override
  public Expunge expungeRemoved() {
    if (compactedOnce && lastDeleteNanos.get() - coveredBeforeNanos < 0) {
      return Expunge.NOTHING;
    }
    long removed = removedSinceExpunge.getAndSet(0);
    long flushedAt = System.nanoTime();
    boolean complete = false;
    try {
      call(
          "flush",
          () -> {
            client.flush(
                FlushReq.builder()
                    .collectionNames(List.of(collection))
                    .waitFlushedTimeoutMs(EXPUNGE_WAIT.toMillis())
                    .build());
            return Boolean.TRUE;
          });
      try {
        Thread.sleep(FLUSH_SETTLE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Expunge(removed, false);
      }
      if (!compactedOnce && removed == 0 && rowsHeld() == liveRows()) {
        // A new process that has deleted nothing, over segments that hold no deleted row: nothing
        // to expunge. A manual compaction rewrites every sealed segment, and the index of each is
        // built again: at 1M faces on 2 cores, 20 minutes of both cores after every restart.
        complete = true;
        return new Expunge(0, true);
      }
      CompactResp compaction =
          call(
              "compact",
              () -> client.compact(CompactReq.builder().collectionName(collection).build()));
      long giveUp = System.nanoTime() + EXPUNGE_WAIT.toNanos();
      long compactedSince = 0;
      while (!complete && System.nanoTime() < giveUp) {
        GetCompactionStateResp state =
            call(
                "compaction state",
                () ->
                    client.getCompactionState(
                        GetCompactionStateReq.builder()
                            .compactionID(compaction.getCompactionID())
                            .build()));
        // Done when the compaction is, and the segments no longer hold a deleted row: a compaction
        // planned before a delete log was written keeps that row, and the next expunge must try
        // again rather than count it covered.
        if (state.getState() == CompactionState.Completed) {
          complete = rowsHeld() == liveRows();
          if (!complete && compactedSince == 0) {
            compactedSince = System.nanoTime();
          } else if (!complete && System.nanoTime() - compactedSince > ROWS_SETTLE.toNanos()) {
            break;
          }
        }
        if (!complete) {
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      return new Expunge(removed, complete);
    } finally {
      if (complete) {
        coveredBeforeNanos = flushedAt;
        compactedOnce = true;
      } else {
        removedSinceExpunge.addAndGet(removed);
      }
    }
  }

  /** Rows the collection's flushed segments hold, deleted rows included until a compaction. */
  private long rowsHeld() {
    GetPersistentSegmentInfoResp info =
        call(
            "segment info",
            () ->
                client.getPersistentSegmentInfo(
                    GetPersistentSegmentInfoReq.builder().collectionName(collection).build()));
    long rows = 0;
    for (GetPersistentSegmentInfoResp.PersistentSegmentInfo segment : info.getSegmentInfos()) {
      if (!"Dropped".equalsIgnoreCase(segment.getState())) {
        rows += segment.getNumOfRows();
      }
    }
    return rows;
  }

  /** Rows a query still finds (deleted rows excluded). */
  private long liveRows() {
    long rows = 0;
    for (Side side : Side.values()) {
      rows += count(side);
    }
    return rows;
  }

  private List<Long> idsWhere(String expression, int limit) {
    QueryResp resp =
        call(
            "query",
            () ->
                client.query(
                    QueryReq.builder()
                        .collectionName(collection)
                        .filter(expression)
                        .outputFields(List.of(MilvusSchema.FACE_ID))
                        .limit(limit)
                        .consistencyLevel(ConsistencyLevel.STRONG)
                        .build()));
    List<Long> ids = new ArrayList<>();
    for (QueryResp.QueryResult result : resp.getQueryResults()) {
      ids.add(((Number) result.getEntity().get(MilvusSchema.FACE_ID)).longValue());
    }
    return ids;
  }

  @Override
  public Map<Long, FaceRecord> stored(Collection<Long> faceIds) {
    Objects.requireNonNull(faceIds, "faceIds");
    if (faceIds.size() > MAX_STORED_IDS) {
      throw new IllegalArgumentException("at most " + MAX_STORED_IDS + " ids at a time");
    }
    if (faceIds.isEmpty()) {
      return Map.of();
    }
    List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(faceIds));
    // Read as a search reads: this process' writes seen without a time-tick wait, a removal's
    // first read STRONG.
    long removalsBefore = removals.get();
    ConsistencyLevel level = searchLevel(removalsBefore);
    List<String> fields = new ArrayList<>(MilvusSchema.SCALARS);
    fields.add(MilvusSchema.VECTOR);
    QueryResp resp =
        call(
            "query",
            () ->
                client.query(
                    QueryReq.builder()
                        .collectionName(collection)
                        .filter(MilvusExpressions.faceIds(distinct))
                        .outputFields(fields)
                        .limit(distinct.size())
                        .consistencyLevel(level)
                        .build()));
    if (level == ConsistencyLevel.STRONG) {
      caughtUpTo.accumulateAndGet(removalsBefore, Math::max);
    }
    Map<Long, FaceRecord> out = new LinkedHashMap<>();
    for (QueryResp.QueryResult result : resp.getQueryResults()) {
      Map<String, Object> entity = result.getEntity();
      FaceAttributes attributes = attributes(entity);
      out.put(
          attributes.faceId(), new FaceRecord(attributes, floats(entity.get(MilvusSchema.VECTOR))));
    }
    return out;
  }

  /** A float vector field as the SDK returns it (a list of floats). */
  private float[] floats(Object value) {
    if (!(value instanceof List<?> list) || list.size() != space.dimension()) {
      throw new MilvusIndexException(
          "a stored face of " + space + " has no vector of its dimension", null);
    }
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).floatValue();
    }
    return out;
  }

  @Override
  public List<IndexHit> search(float[] query, SearchFilter filter, int k) {
    return searchAll(List.of(query), filter, k).get(0);
  }

  /** Several queries per request, at most {@link #QUERIES_PER_REQUEST} at a time. */
  @Override
  public List<List<IndexHit>> searchAll(List<float[]> queries, SearchFilter filter, int k) {
    Objects.requireNonNull(filter, "filter");
    if (k < 1 || k > MAX_RESULTS) {
      throw new IllegalArgumentException("k must be in 1.." + MAX_RESULTS);
    }
    List<FloatVec> data = new ArrayList<>(queries.size());
    for (float[] query : queries) {
      Vectors.checkedUnit(query);
      checkDimension(query.length);
      data.add(new FloatVec(query.clone()));
    }
    String expression = MilvusExpressions.search(filter);
    long removalsBefore = removals.get();
    ConsistencyLevel level = searchLevel(removalsBefore);
    List<List<IndexHit>> all = new ArrayList<>(queries.size());
    for (int from = 0; from < data.size(); from += QUERIES_PER_REQUEST) {
      List<BaseVector> chunk =
          List.copyOf(data.subList(from, Math.min(data.size(), from + QUERIES_PER_REQUEST)));
      SearchResp resp =
          call(
              "search",
              () ->
                  client.search(
                      SearchReq.builder()
                          .collectionName(collection)
                          .annsField(MilvusSchema.VECTOR)
                          .metricType(MilvusSchema.METRIC)
                          .data(chunk)
                          .topK(k)
                          .filter(expression)
                          .outputFields(MilvusSchema.SCALARS)
                          // HNSW needs ef >= k. The SDK sends it both as "params" JSON (what 2.3
                          // reads) and flat (2.4+). Growing segments ignore it (see the factory).
                          .searchParams(Map.of("ef", Math.max(searchEf, k)))
                          .consistencyLevel(level)
                          .build()));
      List<List<SearchResp.SearchResult>> results = resp.getSearchResults();
      for (int q = 0; q < chunk.size(); q++) {
        List<IndexHit> hits = new ArrayList<>();
        // Results come one list per query, in query order; an empty collection may give none.
        if (results != null && q < results.size()) {
          for (SearchResp.SearchResult result : results.get(q)) {
            // COSINE: the score is the cosine similarity itself, higher is closer.
            hits.add(new IndexHit(attributes(result.getEntity()), result.getScore()));
          }
        }
        all.add(hits);
      }
    }
    if (level == ConsistencyLevel.STRONG) {
      caughtUpTo.accumulateAndGet(removalsBefore, Math::max);
    }
    return all;
  }

  @Override
  public long count(Side side) {
    Objects.requireNonNull(side, "side");
    String expression = MilvusExpressions.side(side);
    QueryResp resp =
        call(
            "count",
            () ->
                client.query(
                    QueryReq.builder()
                        .collectionName(collection)
                        .filter(expression)
                        .outputFields(List.of("count(*)"))
                        .consistencyLevel(ConsistencyLevel.STRONG)
                        .build()));
    if (resp.getQueryResults().isEmpty()) {
      return 0;
    }
    return ((Number) resp.getQueryResults().get(0).getEntity().get("count(*)")).longValue();
  }

  /** Nothing to release: the client belongs to the factory. */
  @Override
  public void close() {}

  private void checkDimension(int dimension) {
    if (dimension != space.dimension()) {
      throw new IllegalArgumentException(
          "vector dimension " + dimension + " is not the space's " + space.dimension());
    }
  }

  private <T> T call(String operation, Supplier<T> rpc) {
    T result;
    try {
      result = rpc.get();
    } catch (RuntimeException e) {
      throw MilvusErrors.translate(operation, e);
    }
    if (result == null) {
      // Met on 2.3 while the server was being killed (the crash campaign on Milvus): the SDK
      // returned no response and no error. Nothing is known to have happened, so the caller
      // retries it as it would a server that is away.
      throw MilvusErrors.noResponse(operation);
    }
    return result;
  }

  private static JsonObject row(FaceRecord face) {
    FaceAttributes a = face.attributes();
    JsonObject row = new JsonObject();
    row.addProperty(MilvusSchema.FACE_ID, a.faceId());
    row.addProperty(MilvusSchema.CASE_REF, a.caseRef());
    row.addProperty(MilvusSchema.SIDE, a.side().name());
    row.addProperty(MilvusSchema.STATUS, a.status().name());
    row.addProperty(MilvusSchema.SEX, a.sex().name());
    row.addProperty(MilvusSchema.BIRTH_YEAR_FROM, a.birthYearFrom());
    row.addProperty(MilvusSchema.BIRTH_YEAR_TO, a.birthYearTo());
    row.addProperty(MilvusSchema.AGE_AT_PHOTO, a.ageAtPhoto());
    row.addProperty(MilvusSchema.PHOTO_YEAR, a.photoYear());
    row.addProperty(MilvusSchema.REGION, a.regionCode());
    JsonArray vector = new JsonArray();
    for (float x : face.copyVector()) {
      vector.add(x);
    }
    row.add(MilvusSchema.VECTOR, vector);
    return row;
  }

  private static FaceAttributes attributes(Map<String, Object> entity) {
    return new FaceAttributes(
        ((Number) entity.get(MilvusSchema.FACE_ID)).longValue(),
        (String) entity.get(MilvusSchema.CASE_REF),
        Side.valueOf((String) entity.get(MilvusSchema.SIDE)),
        Sex.valueOf((String) entity.get(MilvusSchema.SEX)),
        ((Number) entity.get(MilvusSchema.BIRTH_YEAR_FROM)).intValue(),
        ((Number) entity.get(MilvusSchema.BIRTH_YEAR_TO)).intValue(),
        ((Number) entity.get(MilvusSchema.AGE_AT_PHOTO)).floatValue(),
        ((Number) entity.get(MilvusSchema.PHOTO_YEAR)).intValue(),
        (String) entity.get(MilvusSchema.REGION),
        CaseStatus.valueOf((String) entity.get(MilvusSchema.STATUS)));
  }
}
