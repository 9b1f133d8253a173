package io.homeward.gateway.outbox;

import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.client.FaceToIndex;
import io.homeward.gateway.client.SearchClient;
import io.homeward.gateway.client.StandingCandidate;
import io.homeward.gateway.cluster.Leases;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.SpaceRecord;
import io.homeward.gateway.store.SubjectRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox to the search service: retried with backoff until acknowledged, in the order
 * committed, one pass at a time. A photo's vector is taken from memory when its enrolment just
 * computed it, otherwise the stored image is embedded again (vectors are never kept in the
 * gateway's database). Candidates the standing search returns become review items in the same
 * transaction that marks the row done, so none is lost if the gateway stops in between.
 */
@ApplicationScoped
public class IndexWriter {
  private static final Logger LOG = Logger.getLogger(IndexWriter.class);
  // Vectors held for their first delivery (about 2 KB each, so at most a few MB). Enough for the
  // backlog a burst of enrolments builds while a service restarts: a row whose vector was evicted
  // costs a second embedding of its stored image.
  private static final int RECENT = 2048;

  /** The lease of the deliveries (one gateway at a time). */
  public static final String LEASE = "outbox";

  private final Database db;
  private final Leases leases;
  private final OutboxStore outbox;
  private final PhotoStore photos;
  private final CaseStore cases;
  private final ImageStore images;
  private final EmbedderClient embedder;
  private final SearchClient search;
  private final StandingCandidates standing;
  private final VectorSpaces spaces;
  private final GatewayConfig config;
  private final Clock clock;
  private final ReentrantLock passLock = new ReentrantLock();
  private final ExecutorService embedding;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicBoolean kickQueued = new AtomicBoolean();
  private final Counter delivered;
  private final Counter failedAway;
  private final Counter failedOther;
  private final DistributionSummary writeRows;
  private final Timer writeTime;
  private final Timer embedTime;
  private final ExecutorService kicker =
      Executors.newSingleThreadExecutor(daemon("homeward-outbox"));
  private final Map<String, EmbeddedFace> recent =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EmbeddedFace> eldest) {
          return size() > RECENT;
        }
      };

  public IndexWriter(
      Database db,
      OutboxStore outbox,
      PhotoStore photos,
      CaseStore cases,
      ImageStore images,
      EmbedderClient embedder,
      SearchClient search,
      StandingCandidates standingCandidates,
      VectorSpaces spaces,
      GatewayConfig config,
      Clock clock,
      MeterRegistry meters,
      Leases leases) {
    this.db = db;
    this.leases = leases;
    this.outbox = outbox;
    this.photos = photos;
    this.cases = cases;
    this.images = images;
    this.embedder = embedder;
    this.search = search;
    this.standing = standingCandidates;
    this.spaces = spaces;
    this.config = config;
    this.clock = clock;
    int threads = Math.max(1, config.outbox().embedParallelism());
    this.embedding = Executors.newFixedThreadPool(threads, daemon("homeward-outbox-embed"));
    Gauge.builder("homeward.gateway.outbox.pending", pending, AtomicLong::get)
        .description("Index writes and removals not yet acknowledged by the search service")
        .register(meters);
    this.delivered =
        Counter.builder("homeward.gateway.outbox.delivered")
            .description("Outbox rows acknowledged")
            .register(meters);
    this.failedAway = failedCounter(meters, "unavailable");
    this.failedOther = failedCounter(meters, "other");
    this.writeRows =
        DistributionSummary.builder("homeward.gateway.outbox.write.rows")
            .description("Rows delivered per index write to the search service")
            .register(meters);
    this.writeTime =
        Timer.builder("homeward.gateway.outbox.write")
            .description("Index writes to the search service (with their standing searches)")
            .register(meters);
    this.embedTime =
        Timer.builder("homeward.gateway.outbox.embedding")
            .description("Photos embedded again because their vectors were no longer held")
            .register(meters);
  }

  private static Counter failedCounter(MeterRegistry meters, String cause) {
    return Counter.builder("homeward.gateway.outbox.failed")
        .tag("cause", cause)
        .description("Outbox row attempts that failed and wait to be tried again")
        .register(meters);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Keeps a just-computed vector for the first delivery attempt. */
  public void remember(String photoId, EmbeddedFace face) {
    synchronized (recent) {
      recent.put(photoId, face);
    }
  }

  /**
   * Drops the vectors held for these photos (erasure): an erased face's vector must not outlive it
   * in memory until the cache happens to evict it.
   */
  public void forget(Collection<String> photoIds) {
    synchronized (recent) {
      photoIds.forEach(recent::remove);
    }
  }

  /** Whether a vector is held in memory for the photo (for the erasure tests). */
  public boolean holdsVectorOf(String photoId) {
    synchronized (recent) {
      return recent.containsKey(photoId);
    }
  }

  /** Asks for a pass now, without waiting for it. */
  public void kick() {
    // One queued pass is enough: it takes every row due when it runs. Without this, a burst of
    // enrolments queued a pass each, and while the database was down each of them failed in turn
    // (hundreds of warnings in a second in the crash campaign).
    if (kickQueued.compareAndSet(false, true)) {
      kicker.execute(
          () -> {
            kickQueued.set(false);
            passQuietly();
          });
    }
  }

  @Scheduled(
      every = "${homeward.gateway.outbox.every:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    passQuietly();
    try {
      pending.set(db.inTransaction(outbox::pendingCount));
    } catch (RuntimeException e) {
      // The database is away: the gauge keeps its last value, readiness says why.
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    kicker.shutdownNow();
    embedding.shutdownNow();
  }

  private void passQuietly() {
    try {
      pass();
    } catch (RuntimeException e) {
      LOG.warnf("outbox pass failed (%s); it is retried", e.getClass().getSimpleName());
    }
  }

  /**
   * Handles every due row once; returns how many were acknowledged. Consecutive index writes go to
   * the search service together, in one call: one write to the store and one wait for it to be
   * visible to their standing searches, instead of one each (on Milvus, 50 rows in one write took
   * 0.33 s in the crash campaign). A removal is delivered on its own, after the writes before it,
   * so the order committed still holds.
   */
  public int pass() {
    passLock.lock();
    try {
      Pass pass = new Pass();
      int batch = config.outbox().batch();
      // Batch after batch until fewer than a batch are due: a backlog (rows that waited out an
      // outage) drains as fast as the services take it, not one batch per scheduled period. Each
      // round either settles every row it took (done, or failed with a backoff) or stops at an
      // outage, so it ends.
      while (true) {
        // One gateway delivers at a time: rows go out in the order they were committed.
        if (!leases.hold(LEASE)) {
          return pass.acknowledged;
        }
        List<OutboxStore.Entry> due =
            db.inTransaction(tx -> outbox.due(tx, clock.instant(), batch));
        if (!deliverRound(due, pass) || due.size() < batch) {
          return pass.acknowledged;
        }
      }
    } finally {
      passLock.unlock();
    }
  }

  /** Delivers one batch of due rows in order; false when a service is away. */
  private boolean deliverRound(List<OutboxStore.Entry> due, Pass pass) {
    List<OutboxStore.Entry> writes = new ArrayList<>();
    for (OutboxStore.Entry e : due) {
      if (e.kind() == OutboxStore.Kind.UPSERT) {
        writes.add(e);
        continue;
      }
      if (!deliverWrites(writes, pass)) {
        return false;
      }
      writes.clear();
      if (!deliverOne(e, pass)) {
        return false;
      }
    }
    return deliverWrites(writes, pass);
  }

  /** What one pass has acknowledged. */
  private static final class Pass {
    int acknowledged;
  }

  private void acknowledged(Pass pass, int rows) {
    boolean first = pass.acknowledged == 0 && rows > 0;
    pass.acknowledged += rows;
    delivered.increment(rows);
    if (first) {
      // The service answers: rows that waited out its absence are due now, not after the rest of
      // their backoff (up to the maximum, minutes).
      int released = db.inTransaction(tx -> outbox.releaseWaiting(tx, clock.instant()));
      if (released > 0) {
        LOG.infof("outbox: the service answers again; %d waiting rows are due", released);
        kick();
      }
    }
  }

  /** Delivers one row; false when a service is away (the rest of the pass would fail too). */
  private boolean deliverOne(OutboxStore.Entry e, Pass pass) {
    try {
      deliver(e);
      acknowledged(pass, 1);
      return true;
    } catch (RuntimeException failure) {
      return !failed(e, failure);
    }
  }

  /**
   * Records a row's failure: it is tried again after a backoff. Any failure, expected or not, only
   * delays this row: it never blocks the ones behind it. Returns whether a service is away.
   */
  private boolean failed(OutboxStore.Entry e, RuntimeException failure) {
    String reason =
        failure instanceof GatewayException g
            ? g.type().name()
            : failure instanceof io.homeward.gateway.images.ImageNotFoundException
                ? "IMAGE_NOT_FOUND"
                : "UNEXPECTED";
    if (reason.equals("UNEXPECTED")) {
      LOG.warnf("outbox row failed unexpectedly (%s)", failure.getClass().getSimpleName());
    } else if (!serviceAway(failure)) {
      // Not a service that is away: say what, so a row that keeps failing can be traced (problem
      // messages name no person, photo or case).
      LOG.warnf("outbox row failed (%s: %s)", reason, failure.getMessage());
    }
    (serviceAway(failure) ? failedAway : failedOther).increment();
    Instant next = clock.instant().plus(backoff(e.attempts()));
    db.inTransaction(
        tx -> {
          outbox.failed(tx, e.id(), reason, next);
          return null;
        });
    return serviceAway(failure);
  }

  private static boolean serviceAway(RuntimeException failure) {
    // The search service (or the embedder) is down: the rest of the batch would fail too.
    return failure instanceof GatewayException g && g.type().status() == 503;
  }

  /** A write ready to send: its row, what it indexes, and the vector. */
  private record Prepared(OutboxStore.Entry entry, Target target, FaceToIndex face) {}

  /**
   * Delivers index writes in one call. A failure that is not a service being away is retried one
   * row at a time, so that one row's problem (an image that no longer decodes, say) delays only
   * that row. Returns false when a service is away.
   */
  private boolean deliverWrites(List<OutboxStore.Entry> rows, Pass pass) {
    if (rows.isEmpty()) {
      return true;
    }
    if (rows.size() == 1) {
      return deliverOne(rows.get(0), pass);
    }
    List<Optional<Target>> targets =
        db.inTransaction(
            tx -> {
              List<Optional<Target>> found = new ArrayList<>(rows.size());
              for (OutboxStore.Entry e : rows) {
                found.add(target(tx, e));
              }
              return found;
            });
    Optional<SpaceRef> live = spaces.recordedLive();
    // Vectors no longer held (a gateway that started again holds none) are computed again from
    // the stored images, a few at a time: one at a time, that embedding was most of a delivery
    // (about 60 ms a row, 16 rows/s in the crash campaign on Milvus).
    List<Future<EmbeddedFace>> vectors = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Optional<Target> t = targets.get(i);
      vectors.add(t.isEmpty() ? null : embedding.submit(() -> vector(t.get(), live)));
    }
    List<Prepared> ready = new ArrayList<>(rows.size());
    boolean away = false;
    for (int i = 0; i < rows.size(); i++) {
      OutboxStore.Entry e = rows.get(i);
      if (targets.get(i).isEmpty()) {
        nothingToIndex(e);
        acknowledged(pass, 1);
        continue;
      }
      Target t = targets.get(i).get();
      try {
        ready.add(new Prepared(e, t, faceToIndex(t, result(vectors.get(i)))));
      } catch (RuntimeException failure) {
        // The embedder away: this row waits for it like the others; what is ready still goes.
        away |= failed(e, failure);
      }
    }
    if (ready.isEmpty()) {
      return !away;
    }
    List<StandingCandidate> found;
    try {
      List<FaceToIndex> faces = ready.stream().map(Prepared::face).toList();
      found = writeTime.record(() -> search.upsert(faces));
      writeRows.record(ready.size());
      backfill(ready);
    } catch (RuntimeException failure) {
      if (serviceAway(failure)) {
        ready.forEach(p -> failed(p.entry(), failure));
        return false;
      }
      LOG.infof(
          "outbox: a write of %d rows failed (%s); they are delivered one at a time",
          ready.size(), failure.getClass().getSimpleName());
      for (Prepared p : ready) {
        if (!deliverOne(p.entry(), pass)) {
          return false;
        }
      }
      return !away;
    }
    Map<Long, List<StandingCandidate>> byProbe = new HashMap<>();
    for (StandingCandidate c : found) {
      byProbe.computeIfAbsent(c.probeFaceId(), id -> new ArrayList<>()).add(c);
    }
    db.inTransaction(
        tx -> {
          for (Prepared p : ready) {
            Target t = p.target();
            photos.markIndexed(tx, t.photo().id(), clock.instant());
            standing.record(
                tx, t.caseRecord(), byProbe.getOrDefault(t.photo().faceId(), List.of()));
            outbox.done(tx, p.entry().id(), clock.instant());
          }
          return null;
        });
    forget(ready.stream().map(p -> p.target().photo().id()).toList());
    acknowledged(pass, ready.size());
    return !away;
  }

  /**
   * Copies the faces into each space a re-embedding job is building, so an enrolment during the job
   * is not missed whichever of the two reads it first (writes are idempotent by face id).
   */
  private void backfill(List<Prepared> written) {
    for (SpaceRecord building : spaces.building()) {
      List<FaceToIndex> faces = new ArrayList<>(written.size());
      for (Prepared p : written) {
        Target t = p.target();
        byte[] image = images.readPlaintext(t.photo().imageRef());
        faces.add(
            faceToIndex(t, embedder.embedSingleFace(image, t.photo().faceBox(), building.ref())));
      }
      search.backfill(faces);
    }
  }

  private Duration backoff(int attempts) {
    long seconds = Math.min(config.outbox().maxBackoff().toSeconds(), 1L << Math.min(attempts, 16));
    return Duration.ofSeconds(Math.max(1, seconds));
  }

  private void deliver(OutboxStore.Entry e) {
    switch (e.kind()) {
      case REMOVE_FACE -> {
        Optional<SpaceRef> live = spaces.recordedLive();
        if (live.isPresent()) {
          search.removeFaces(List.of(e.faceId()), live.get());
        } else {
          search.removeFaces(List.of(e.faceId()));
        }
        for (SpaceRef other : spaces.otherRemovalTargets()) {
          search.removeFaces(List.of(e.faceId()), other);
        }
        markDone(e);
      }
      case REMOVE_CASE -> {
        Optional<SpaceRef> live = spaces.recordedLive();
        if (live.isPresent()) {
          search.removeCase(e.caseId(), live.get());
        } else {
          search.removeCase(e.caseId());
        }
        for (SpaceRef other : spaces.otherRemovalTargets()) {
          search.removeCase(e.caseId(), other);
        }
        markDone(e);
      }
      case UPSERT -> upsert(e);
    }
  }

  private void markDone(OutboxStore.Entry e) {
    db.inTransaction(
        tx -> {
          outbox.done(tx, e.id(), clock.instant());
          return null;
        });
  }

  private static FaceToIndex faceToIndex(Target t, EmbeddedFace face) {
    return IndexedFaces.of(t.photo(), t.caseRecord(), t.subject(), face);
  }

  private record Target(PhotoRecord photo, CaseRecord caseRecord, SubjectRecord subject) {}

  private static EmbeddedFace result(Future<EmbeddedFace> vector) {
    try {
      return vector.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while embedding", e);
    }
  }

  /** The photo a write indexes, or empty when there is nothing to index any more. */
  private Optional<Target> target(java.sql.Connection tx, OutboxStore.Entry e)
      throws java.sql.SQLException {
    Optional<PhotoRecord> p = photos.find(tx, e.photoId());
    if (p.isEmpty()
        || p.get().state() != PhotoState.STORED && p.get().state() != PhotoState.INDEXED) {
      return Optional.empty();
    }
    CaseRecord c = cases.find(tx, p.get().caseId()).orElseThrow();
    if (c.status() != CaseStatus.OPEN) {
      return Optional.empty();
    }
    return Optional.of(new Target(p.get(), c, cases.subject(tx, c.id())));
  }

  /** Erased or no longer searchable since it was queued: nothing to index, nothing to keep. */
  private void nothingToIndex(OutboxStore.Entry e) {
    if (e.photoId() != null) {
      forget(List.of(e.photoId()));
    }
    markDone(e);
  }

  /**
   * The photo's vector in the live space: the one its enrolment just computed when it is still
   * held, otherwise its stored image embedded again.
   */
  private EmbeddedFace vector(Target t, Optional<SpaceRef> live) {
    EmbeddedFace face;
    synchronized (recent) {
      face = recent.get(t.photo().id());
    }
    if (face != null
        && live.isPresent()
        && !live.get().holds(face.modelId(), face.modelVersion())) {
      // Embedded at enrolment just before a switch: that vector belongs to the old space.
      face = null;
    }
    if (face == null) {
      face =
          embedTime.record(
              () ->
                  embedder.embedSingleFace(
                      images.readPlaintext(t.photo().imageRef()), t.photo().faceBox(), live));
      // Held until the row is delivered: a write that fails (the search service away) is retried
      // without embedding the photo once more (the 10-kill campaign embedded 763 photos for 186
      // rows before this).
      remember(t.photo().id(), face);
    }
    return face;
  }

  private void upsert(OutboxStore.Entry e) {
    Optional<Target> target = db.inTransaction(tx -> target(tx, e));
    if (target.isEmpty()) {
      nothingToIndex(e);
      return;
    }
    Target t = target.get();
    FaceToIndex face = faceToIndex(t, vector(t, spaces.recordedLive()));
    var standing = writeTime.record(() -> search.upsert(face));
    writeRows.record(1);
    backfill(List.of(new Prepared(e, t, face)));
    db.inTransaction(
        tx -> {
          photos.markIndexed(tx, t.photo().id(), clock.instant());
          this.standing.record(tx, t.caseRecord(), standing);
          outbox.done(tx, e.id(), clock.instant());
          return null;
        });
    forget(List.of(t.photo().id()));
  }
}
