package io.homeward.gateway.outbox;

import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.client.FaceToIndex;
import io.homeward.gateway.client.SearchClient;
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
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  private static final int RECENT = 256;

  private final Database db;
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
  private final ExecutorService kicker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "homeward-outbox");
            t.setDaemon(true);
            return t;
          });
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
      Clock clock) {
    this.db = db;
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
    kicker.execute(this::passQuietly);
  }

  @Scheduled(
      every = "${homeward.gateway.outbox.every:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    passQuietly();
  }

  void onStop(@Observes ShutdownEvent event) {
    kicker.shutdownNow();
  }

  private void passQuietly() {
    try {
      pass();
    } catch (RuntimeException e) {
      LOG.warnf("outbox pass failed (%s); it is retried", e.getClass().getSimpleName());
    }
  }

  /** Handles every due row once; returns how many were acknowledged. */
  public int pass() {
    passLock.lock();
    try {
      int acknowledged = 0;
      List<OutboxStore.Entry> due =
          db.inTransaction(tx -> outbox.due(tx, clock.instant(), config.outbox().batch()));
      for (OutboxStore.Entry e : due) {
        try {
          deliver(e);
          acknowledged++;
          if (acknowledged == 1) {
            // The service answers: rows that waited out its absence are due now, not after the
            // rest of their backoff (up to the maximum, minutes).
            int released = db.inTransaction(tx -> outbox.releaseWaiting(tx, clock.instant()));
            if (released > 0) {
              LOG.infof("outbox: the service answers again; %d waiting rows are due", released);
              kick();
            }
          }
        } catch (RuntimeException failure) {
          // Any failure, expected or not, only delays this row: it never blocks the ones behind it.
          String reason =
              failure instanceof GatewayException g
                  ? g.type().name()
                  : failure instanceof io.homeward.gateway.images.ImageNotFoundException
                      ? "IMAGE_NOT_FOUND"
                      : "UNEXPECTED";
          if (reason.equals("UNEXPECTED")) {
            LOG.warnf("outbox row failed unexpectedly (%s)", failure.getClass().getSimpleName());
          } else if (failure instanceof GatewayException g && g.type().status() != 503) {
            // Not a service that is away: say what, so a row that keeps failing can be traced
            // (problem messages name no person, photo or case).
            LOG.warnf("outbox row failed (%s: %s)", reason, g.getMessage());
          }
          Instant next = clock.instant().plus(backoff(e.attempts()));
          db.inTransaction(
              tx -> {
                outbox.failed(tx, e.id(), reason, next);
                return null;
              });
          if (failure instanceof GatewayException g && g.type().status() == 503) {
            // The search service (or embedder) is down: the rest of the batch would fail too.
            break;
          }
        }
      }
      return acknowledged;
    } finally {
      passLock.unlock();
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

  private void upsert(OutboxStore.Entry e) {
    Optional<Target> target =
        db.inTransaction(
            tx -> {
              Optional<PhotoRecord> p = photos.find(tx, e.photoId());
              if (p.isEmpty()
                  || p.get().state() != PhotoState.STORED
                      && p.get().state() != PhotoState.INDEXED) {
                return Optional.<Target>empty();
              }
              CaseRecord c = cases.find(tx, p.get().caseId()).orElseThrow();
              if (c.status() != CaseStatus.OPEN) {
                return Optional.<Target>empty();
              }
              return Optional.of(new Target(p.get(), c, cases.subject(tx, c.id())));
            });
    if (target.isEmpty()) {
      // Erased or no longer searchable since it was queued: nothing to index, nothing to keep.
      if (e.photoId() != null) {
        forget(List.of(e.photoId()));
      }
      markDone(e);
      return;
    }
    Target t = target.get();
    Optional<SpaceRef> live = spaces.recordedLive();
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
    byte[] image = null;
    if (face == null) {
      image = images.readPlaintext(t.photo().imageRef());
      face = embedder.embedSingleFace(image, t.photo().faceBox(), live);
    }
    var standing = search.upsert(faceToIndex(t, face));
    // A re-embedding job is building a new space: the photo goes there too, so an enrolment during
    // the job is not missed whichever of the two reads it first (writes are idempotent by face id).
    for (SpaceRecord building : spaces.building()) {
      if (image == null) {
        image = images.readPlaintext(t.photo().imageRef());
      }
      search.backfill(
          faceToIndex(t, embedder.embedSingleFace(image, t.photo().faceBox(), building.ref())));
    }
    db.inTransaction(
        tx -> {
          photos.markIndexed(tx, t.photo().id(), clock.instant());
          this.standing.record(tx, t.caseRecord(), standing);
          outbox.done(tx, e.id(), clock.instant());
          return null;
        });
    synchronized (recent) {
      recent.remove(t.photo().id());
    }
  }
}
