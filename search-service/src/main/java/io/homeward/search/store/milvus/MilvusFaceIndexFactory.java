package io.homeward.search.store.milvus;

import io.homeward.search.domain.Side;
import io.homeward.search.domain.VectorSpace;
import io.homeward.search.index.FaceIndex;
import io.homeward.search.index.FaceIndexFactory;
import io.homeward.search.index.IndexUnavailableException;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.utility.request.GetQuerySegmentInfoReq;
import io.milvus.v2.service.utility.response.GetQuerySegmentInfoResp;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Opens face indexes in Milvus: one collection per vector space, named {@code prefix +
 * space.storageName()}.
 *
 * <p>Thread-safety: the factory owns one {@link MilvusClientV2}, shared by every index it opens.
 * The client is safe for concurrent requests (one gRPC channel; each call takes a stub with its own
 * deadline); this code never calls its only stateful method, {@code useDatabase}. {@link #open} is
 * serialised so that two threads do not race to create the same collection. {@link #close()} closes
 * the client; indexes opened from it fail afterwards.
 *
 * <p>Deadlines: each RPC attempt has the settings' deadline, and a transient failure (server
 * unreachable) is retried at most {@code maxAttempts} times within that same deadline, so a down
 * server makes a call fail with {@link IndexUnavailableException} in about one deadline. The SDK's
 * defaults (no deadline, 75 retries) would hang callers.
 */
public final class MilvusFaceIndexFactory implements FaceIndexFactory {
  /** Loading a collection after a restart may take longer than one RPC. */
  private static final long LOAD_TIMEOUT_MS = 120_000;

  private static final long SCHEMA_DEADLINE_MS = 60_000;

  /**
   * Milvus builds no index for a sealed segment with fewer rows than this ({@code
   * indexCoord.segment.minSegmentNumRowsToEnableIndex}, default 1,024); it searches it exactly.
   */
  private static final long MIN_INDEXED_ROWS = 1_024;

  /** How long an opened collection may take to serve reads after a server start. */
  private static final long SERVING_TIMEOUT_MS = 60_000;

  private final MilvusSettings settings;
  private final MilvusClientV2 client;
  // Schema work at start-up (create, describe, load) may take tens of seconds on a busy server: it
  // gets its own client with a longer deadline, so the per-request deadline can stay short.
  private final MilvusClientV2 schemaClient;

  /**
   * Connects to Milvus.
   *
   * @throws IndexUnavailableException if it cannot be reached
   */
  public MilvusFaceIndexFactory(MilvusSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    long deadlineMs = settings.rpcDeadline().toMillis();
    this.client = connect(deadlineMs, deadlineMs);
    try {
      this.schemaClient = connect(deadlineMs, Math.max(deadlineMs, SCHEMA_DEADLINE_MS));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private MilvusClientV2 connect(long connectMs, long deadlineMs) {
    ConnectConfig config =
        ConnectConfig.builder()
            .uri("http://" + settings.host() + ":" + settings.port())
            .connectTimeoutMs(connectMs)
            .rpcDeadlineMs(deadlineMs)
            .keepAliveTimeMs(30_000)
            .keepAliveTimeoutMs(Math.max(connectMs, 5_000))
            .build();
    MilvusClientV2 c;
    try {
      c = new MilvusClientV2(config);
    } catch (RuntimeException e) {
      throw MilvusErrors.translate("connect", e);
    }
    c.retryConfig(
        RetryConfig.builder()
            .maxRetryTimes(settings.maxAttempts())
            .initialBackOffMs(100)
            .maxBackOffMs(1_000)
            .maxRetryTimeoutMs(deadlineMs)
            .retryOnRateLimit(false)
            .build());
    return c;
  }

  @Override
  public synchronized FaceIndex open(VectorSpace space) {
    Objects.requireNonNull(space, "space");
    String collection = collectionName(space);
    boolean exists =
        call(
            "open",
            () ->
                // The short deadline first: a down server is reported at once, not after the schema
                // deadline.
                client.hasCollection(
                    HasCollectionReq.builder().collectionName(collection).build()));
    if (exists) {
      DescribeCollectionResp described =
          call(
              "open",
              () ->
                  schemaClient.describeCollection(
                      DescribeCollectionReq.builder().collectionName(collection).build()));
      DescribeIndexResp index =
          call(
              "open",
              () ->
                  schemaClient.describeIndex(
                      DescribeIndexReq.builder()
                          .collectionName(collection)
                          .fieldName(MilvusSchema.VECTOR)
                          .build()));
      MilvusSchema.verify(collection, space, described.getCollectionSchema(), index);
    } else {
      call(
          "create",
          () -> {
            schemaClient.createCollection(MilvusSchema.createRequest(collection, space));
            return null;
          });
    }
    boolean loaded =
        call(
            "open",
            () ->
                schemaClient.getLoadState(
                    GetLoadStateReq.builder().collectionName(collection).build()));
    if (!loaded) {
      call(
          "load",
          () -> {
            schemaClient.loadCollection(
                LoadCollectionReq.builder()
                    .collectionName(collection)
                    .sync(true)
                    .timeout(LOAD_TIMEOUT_MS)
                    .build());
            return null;
          });
    }
    MilvusFaceIndex index =
        new MilvusFaceIndex(
            client,
            collection,
            space,
            settings.searchEf(),
            settings.searchConsistency(),
            settings.expungeAfter());
    awaitServing(index);
    return index;
  }

  /**
   * After a server restart the collection reports loaded before its shards serve reads, and for a
   * while the server answers "unexpected error" (measured on 2.3.5): probe with a STRONG count
   * until one succeeds, so that an opened index answers at once.
   */
  private static void awaitServing(MilvusFaceIndex index) {
    long giveUp = System.nanoTime() + SERVING_TIMEOUT_MS * 1_000_000;
    while (true) {
      try {
        index.count(Side.MISSING);
        return;
      } catch (IndexUnavailableException | MilvusIndexException e) {
        if (System.nanoTime() > giveUp) {
          throw e;
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IndexUnavailableException("interrupted while waiting for Milvus", null);
      }
    }
  }

  /**
   * For bulk loads only (the benchmark, a re-embedding job), never per write: seals the space's
   * growing segments (flush) and waits until the server has built the HNSW index of every sealed
   * segment and its query node serves each of them through that index.
   *
   * <p>Why: Milvus 2.3 searches a growing segment through an interim IVF index whose {@code nprobe}
   * comes from the server's configuration ({@code queryNode.segcore.interimIndex}), whatever {@code
   * ef} the search asks for. A segment is sealed (and then indexed) only once it holds {@code
   * dataCoord.segment.sealProportion} of a full segment (0.23 of 512 MB by default: about 56,000 of
   * our 512-d faces per side), has been idle for 10 minutes, or is a day old; so right after a bulk
   * load of fewer faces every search reads that interim index only.
   *
   * @param progress receives a line now and then while waiting
   * @return the state reached; {@link MilvusIndexBuild#complete()} is false when the timeout ran
   *     out first
   * @throws IndexUnavailableException if the server cannot be reached
   */
  public MilvusIndexBuild flushAndAwaitIndex(
      VectorSpace space, Duration timeout, Consumer<String> progress) {
    Objects.requireNonNull(timeout, "timeout");
    String collection = collectionName(space);
    long start = System.nanoTime();
    long giveUp = start + timeout.toNanos();
    call(
        "flush",
        () -> {
          client.flush(
              FlushReq.builder()
                  .collectionNames(List.of(collection))
                  .waitFlushedTimeoutMs(Math.max(1, timeout.toMillis()))
                  .build());
          return null;
        });
    progress.accept("flushed after " + seconds(start) + " s");
    MilvusIndexBuild state;
    long lastReport = 0;
    while (true) {
      state = indexState(collection, start);
      if (state.complete() || System.nanoTime() > giveUp) {
        return state;
      }
      if (System.nanoTime() - lastReport > 30_000_000_000L) {
        lastReport = System.nanoTime();
        progress.accept(
            String.format(
                Locale.ROOT,
                "index: %,d of %,d rows built, %d of %d served segments indexed (%.0f s)",
                state.indexedRows(),
                state.totalRows(),
                state.servedIndexed(),
                state.servedSegments(),
                state.seconds()));
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return state;
      }
    }
  }

  private MilvusIndexBuild indexState(String collection, long start) {
    DescribeIndexResp index =
        call(
            "describe index",
            () ->
                client.describeIndex(
                    DescribeIndexReq.builder()
                        .collectionName(collection)
                        .fieldName(MilvusSchema.VECTOR)
                        .build()));
    DescribeIndexResp.IndexDesc desc = index.getIndexDescByFieldName(MilvusSchema.VECTOR);
    GetQuerySegmentInfoResp served =
        call(
            "segment info",
            () ->
                client.getQuerySegmentInfo(
                    GetQuerySegmentInfoReq.builder().collectionName(collection).build()));
    int segments = 0;
    long rows = 0;
    int indexed = 0;
    // Growing segments are not listed: only sealed ones, indexed or not yet. A segment too small
    // for an index is searched exactly and never gets one (measured on 2.3.5).
    for (GetQuerySegmentInfoResp.QuerySegmentInfo s : served.getSegmentInfos()) {
      segments++;
      long segmentRows = s.getNumOfRows() == null ? 0 : s.getNumOfRows();
      rows += segmentRows;
      if ((s.getIndexID() != null && s.getIndexID() != 0) || segmentRows < MIN_INDEXED_ROWS) {
        indexed++;
      }
    }
    return new MilvusIndexBuild(
        desc == null ? 0 : desc.getTotalRows(),
        desc == null ? 0 : desc.getIndexedRows(),
        segments,
        rows,
        indexed,
        Double.parseDouble(seconds(start)));
  }

  private static String seconds(long start) {
    return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9);
  }

  @Override
  public boolean exists(VectorSpace space) {
    String collection = collectionName(space);
    return call(
        "open",
        () -> client.hasCollection(HasCollectionReq.builder().collectionName(collection).build()));
  }

  @Override
  public synchronized boolean drop(VectorSpace space) {
    String collection = collectionName(space);
    boolean exists =
        call(
            "drop",
            () ->
                client.hasCollection(
                    HasCollectionReq.builder().collectionName(collection).build()));
    if (exists) {
      call(
          "drop",
          () -> {
            schemaClient.dropCollection(
                DropCollectionReq.builder().collectionName(collection).build());
            return null;
          });
    }
    return exists;
  }

  /** The collection that holds a space. */
  public String collectionName(VectorSpace space) {
    return settings.collectionPrefix() + space.storageName();
  }

  @Override
  public String kind() {
    return "milvus";
  }

  @Override
  public void close() {
    schemaClient.close();
    client.close();
  }

  private static <T> T call(String operation, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (RuntimeException e) {
      throw MilvusErrors.translate(operation, e);
    }
  }
}
