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
import io.milvus.v2.service.collection.request.AlterCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
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
 * The faces of one vector space in one Milvus collection. Thread-safe: its own state is atomic or
 * volatile (the read-your-writes counters, whether the removal mark is known to be set), and it
 * shares its factory's client, which is.
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

  /**
   * Collection property: when the collection first held a removed row that no completed compaction
   * has dropped yet (epoch milliseconds; "0" or absent: none). Kept in Milvus, so that it survives
   * restarts and is shared by every search service replica; written before the first delete that
   * follows a compaction.
   */
  static final String REMOVED_SINCE = "homeward.removed_since_ms";

  // How long removed rows may stay in segment files before a compaction rewrites the collection,
  // whether this process has seen REMOVED_SINCE set (it then need not write it before a delete),
  // and the wall-clock time of its last delete.
  private final Duration expungeAfter;
  private final Object marking = new Object();
  private volatile boolean removalMarked;
  private final AtomicLong lastDeleteMillis = new AtomicLong();

  MilvusFaceIndex(
      MilvusClientV2 client,
      String collection,
      VectorSpace space,
      int searchEf,
      MilvusConsistency consistency,
      Duration expungeAfter) {
    this.client = client;
    this.collection = collection;
    this.space = space;
    this.searchEf = searchEf;
    this.consistency = Objects.requireNonNull(consistency, "consistency");
    this.expungeAfter = Objects.requireNonNull(expungeAfter, "expungeAfter");
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
    // Not a removal: a replaced row is the same face's (a new vector or attributes), and most ids
    // are new. A row it did replace is found by the next expunge pass's row counts, which mark it.
    delete(ids, false);
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
      delete(existing, true);
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
      delete(ids, true);
      removed += ids.size();
    }
  }

  /** Deletes by primary key; a removal (erasure) is marked first (see {@link #markRemoval}). */
  private void delete(List<Long> ids, boolean removal) {
    if (ids.isEmpty()) {
      return;
    }
    String expression = MilvusExpressions.faceIds(ids);
    if (removal) {
      markRemoval();
    }
    call(
        "delete",
        () ->
            client.delete(
                DeleteReq.builder().collectionName(collection).filter(expression).build()));
    if (removal) {
      lastDeleteMillis.set(System.currentTimeMillis());
    }
  }

  /**
   * Records, before a delete, that the collection holds a removed row from now on, unless it
   * already says so: the expunge that drops it is then due {@code expungeAfter} later, whichever
   * replica runs it and however often the services restart.
   */
  private void markRemoval() {
    if (removalMarked) {
      return;
    }
    synchronized (marking) {
      if (!removalMarked) {
        if (removedSince() == 0) {
          setRemovedSince(System.currentTimeMillis());
        }
        removalMarked = true;
      }
    }
  }

  /** {@link #REMOVED_SINCE}, or 0 when the collection holds no removed row it knows of. */
  private long removedSince() {
    DescribeCollectionResp description =
        call(
            "describe",
            () ->
                client.describeCollection(
                    DescribeCollectionReq.builder().collectionName(collection).build()));
    Map<String, String> properties = description.getProperties();
    String value = properties == null ? null : properties.get(REMOVED_SINCE);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      // Unreadable: treat the removal as old, so the expunge is due now rather than never.
      return 1;
    }
  }

  private void setRemovedSince(long epochMillis) {
    call(
        "alter",
        () -> {
          client.alterCollection(
              AlterCollectionReq.builder()
                  .collectionName(collection)
                  .property(REMOVED_SINCE, Long.toString(epochMillis))
                  .build());
          return Boolean.TRUE;
        });
  }

  /**
   * Drops removed rows from the segment files, on a schedule that keeps Milvus from indexing the
   * whole collection again after every removal. On Milvus 2.3 a manual compaction rewrites every
   * sealed segment, and each is indexed again: at 1M faces on 2 cores, about 17 minutes of both
   * cores (README, "Erasure"). So a pass compacts only when the oldest removal that no compaction
   * has dropped ({@link #REMOVED_SINCE}) is {@code expungeAfter} old; before that it reports the
   * removed rows still held as deferred. A removed row is unsearchable from its delete on; the
   * schedule bounds only how long its bytes stay in segment files (PRIVACY.md rule 18: 24 h).
   *
   * <p>A due pass flushes first (a delete in a growing segment reaches disk only as a delete log
   * beside the row), waits {@link #FLUSH_SETTLE}, compacts, waits at most {@link #EXPUNGE_WAIT},
   * and counts as complete once the segments hold no removed row. The old segment files are then
   * removed by the server's garbage collector after {@code dataCoord.gc.dropTolerance}.
   */
  @Override
  public Expunge expungeRemoved() {
    long now = System.currentTimeMillis();
    long since = removedSince();
    // Another replica may have compacted and cleared the mark: this process marks again before
    // its next delete.
    removalMarked = since != 0;
    if (since == 0 || now - since < expungeAfter.toMillis()) {
      // Not due: counted without a flush, which would seal growing segments only for Milvus to
      // merge and index them again. A removed row still in a growing segment is counted once
      // Milvus seals it (at the latest after dataCoord.segment.maxIdleTime), so a later pass
      // finds a row that no mark covers.
      long held = Math.max(0, rowsHeld() - liveRows());
      if (since != 0) {
        return Expunge.deferred(held);
      }
      if (held == 0) {
        return Expunge.NOTHING;
      }
      // Removed rows that no mark covers (a version of the service from before the mark, or a
      // replica's delete just after another one cleared it): the expunge is due from now.
      markRemoval();
      return Expunge.deferred(held);
    }
    flush();
    try {
      Thread.sleep(FLUSH_SETTLE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Expunge(0, false);
    }
    long held = Math.max(0, rowsHeld() - liveRows());
    boolean complete = compact();
    if (complete) {
      synchronized (marking) {
        // Deletes from the flush on are not covered by this compaction: they stay marked.
        long later = lastDeleteMillis.get();
        boolean uncovered = later >= now;
        setRemovedSince(uncovered ? later : 0);
        removalMarked = uncovered;
      }
    }
    return new Expunge(held, complete);
  }

  private void flush() {
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
  }

  /**
   * Compacts the collection and waits until the segments hold no removed row: a compaction planned
   * before a delete log was written keeps that row, and the next pass must try again rather than
   * count it covered. False when that did not happen within {@link #EXPUNGE_WAIT}.
   */
  private boolean compact() {
    CompactResp compaction =
        call(
            "compact",
            () -> client.compact(CompactReq.builder().collectionName(collection).build()));
    long giveUp = System.nanoTime() + EXPUNGE_WAIT.toNanos();
    long compactedSince = 0;
    while (System.nanoTime() < giveUp) {
      GetCompactionStateResp state =
          call(
              "compaction state",
              () ->
                  client.getCompactionState(
                      GetCompactionStateReq.builder()
                          .compactionID(compaction.getCompactionID())
                          .build()));
      if (state.getState() == CompactionState.Completed) {
        if (rowsHeld() == liveRows()) {
          return true;
        }
        if (compactedSince == 0) {
          compactedSince = System.nanoTime();
        } else if (System.nanoTime() - compactedSince > ROWS_SETTLE.toNanos()) {
          return false;
        }
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
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
