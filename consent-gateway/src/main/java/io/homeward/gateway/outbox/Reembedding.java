package io.homeward.gateway.outbox;

import io.homeward.gateway.client.EmbeddedFace;
import io.homeward.gateway.client.EmbedderClient;
import io.homeward.gateway.client.FaceToIndex;
import io.homeward.gateway.client.SearchClient;
import io.homeward.gateway.cluster.Leases;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.domain.SpaceStatus;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.images.ImageNotFoundException;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.SpaceRecord;
import io.homeward.gateway.store.SpaceStore;
import io.homeward.gateway.store.SpaceStore.PhotoOutcome;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The re-embedding job: fills the space being built from every live photo (decrypted here, never
 * leaving the gateway but as a vector), one photo at a time with a pause between photos so that
 * live searches keep their latency; writes a pass's faces to the new space in one call (one commit
 * in the store rather than one per photo) and then records its cursor, so it resumes after a
 * restart where the last complete pass stopped. When every photo is read and the new space holds as
 * many faces as the live one, and the search service has a calibration for it, the two swap in one
 * transaction. Retired spaces are dropped when their grace period ends. Logs counts, never ids.
 */
@ApplicationScoped
public class Reembedding {
  private static final Logger LOG = Logger.getLogger(Reembedding.class);

  private final Database db;
  private final SpaceStore spaces;
  private final PhotoStore photos;
  private final CaseStore cases;
  private final ImageStore images;
  private final EmbedderClient embedder;
  private final SearchClient search;
  private final VectorSpaces vectorSpaces;
  private final GatewayConfig config;
  private final Clock clock;
  private final ReentrantLock passLock = new ReentrantLock();
  private final Leases leases;

  public Reembedding(
      Database db,
      SpaceStore spaces,
      PhotoStore photos,
      CaseStore cases,
      ImageStore images,
      EmbedderClient embedder,
      SearchClient search,
      VectorSpaces vectorSpaces,
      GatewayConfig config,
      Clock clock,
      Leases leases) {
    this.leases = leases;
    this.db = db;
    this.spaces = spaces;
    this.photos = photos;
    this.cases = cases;
    this.images = images;
    this.embedder = embedder;
    this.search = search;
    this.vectorSpaces = vectorSpaces;
    this.config = config;
    this.clock = clock;
  }

  @Scheduled(
      every = "${homeward.gateway.reembed.every:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (!leases.hold("reembedding")) {
      return;
    }
    try {
      pass();
    } catch (RuntimeException e) {
      LOG.warnf("re-embedding pass failed (%s); it is retried", e.getClass().getSimpleName());
    }
  }

  /**
   * One pass: up to {@code photos-per-pass} photos into the space being built, then the switch if
   * the space is complete, then the drops that are due. Returns the photos handled.
   */
  public int pass() {
    if (!passLock.tryLock()) {
      return 0;
    }
    try {
      int handled = 0;
      List<SpaceRecord> building = vectorSpaces.building();
      if (!building.isEmpty()) {
        SpaceRecord job = building.get(0);
        if (job.completedAt() == null) {
          handled = embedSome(job);
        }
        SpaceRecord now = db.inTransaction(tx -> spaces.find(tx, job.id())).orElseThrow();
        if (now.completedAt() != null) {
          trySwitch(now);
        }
      }
      dropDue();
      return handled;
    } finally {
      passLock.unlock();
    }
  }

  private int embedSome(SpaceRecord job) {
    int limit = Math.max(1, config.reembed().photosPerPass());
    List<PhotoRecord> page = db.inTransaction(tx -> photos.indexableAfter(tx, job.cursor(), limit));
    if (page.isEmpty()) {
      db.inTransaction(
          tx -> {
            spaces.completed(tx, job.id(), clock.instant());
            return null;
          });
      LOG.infof("re-embedding read every photo into a new space (%d)", job.photosDone());
      return 0;
    }
    long pauseMillis =
        (long) Math.ceil(1000.0 / Math.max(0.01, config.reembed().photosPerSecond()));
    List<Handled> handled = new ArrayList<>();
    for (PhotoRecord p : page) {
      long started = System.nanoTime();
      try {
        Optional<FaceToIndex> face = embedOne(job.ref(), p);
        handled.add(
            new Handled(p, face, face.isPresent() ? PhotoOutcome.EMBEDDED : PhotoOutcome.SKIPPED));
      } catch (GatewayException e) {
        if (e.type().status() == 503) {
          // The embedder or the search service is down: keep what is done, resume from there.
          break;
        }
        handled.add(new Handled(p, Optional.empty(), PhotoOutcome.REFUSED));
      } catch (ImageNotFoundException e) {
        handled.add(new Handled(p, Optional.empty(), PhotoOutcome.REFUSED));
      }
      long spent = (System.nanoTime() - started) / 1_000_000;
      if (spent < pauseMillis) {
        try {
          Thread.sleep(pauseMillis - spent);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return store(job, handled);
  }

  /** A photo the pass read, and its face when it was embedded. */
  private record Handled(PhotoRecord photo, Optional<FaceToIndex> face, PhotoOutcome outcome) {}

  /**
   * Writes the pass's faces to the new space in one call (one commit in the store), takes out again
   * those withdrawn or erased meanwhile (their removal may have reached the new space first), then
   * moves the cursor past the pass. A failed write moves nothing: the pass is done again.
   */
  private int store(SpaceRecord job, List<Handled> read) {
    if (read.isEmpty()) {
      return 0;
    }
    List<Handled> handled;
    try {
      handled = write(read);
      List<Long> gone = new ArrayList<>();
      List<Handled> recorded = new ArrayList<>();
      for (Handled h : handled) {
        if (h.outcome() == PhotoOutcome.EMBEDDED && stillIndexable(h.photo().id()).isEmpty()) {
          gone.add(h.photo().faceId());
          recorded.add(new Handled(h.photo(), Optional.empty(), PhotoOutcome.SKIPPED));
        } else {
          recorded.add(h);
        }
      }
      if (!gone.isEmpty()) {
        search.removeFaces(gone, job.ref());
      }
      db.inTransaction(
          tx -> {
            for (Handled h : recorded) {
              spaces.progress(tx, job.id(), h.photo().id(), h.outcome());
            }
            return null;
          });
    } catch (GatewayException e) {
      if (e.type().status() == 503) {
        return 0;
      }
      throw e;
    }
    return handled.size();
  }

  /**
   * One write for the pass; when the search service refuses it (not an outage), one face at a time,
   * so that only the face it refuses is counted as refused. Returns the photos handled, up to an
   * outage met on the way.
   */
  private List<Handled> write(List<Handled> handled) {
    try {
      search.backfill(handled.stream().flatMap(h -> h.face().stream()).toList());
      return handled;
    } catch (GatewayException e) {
      if (e.type().status() == 503) {
        throw e;
      }
    }
    List<Handled> out = new ArrayList<>();
    for (Handled h : handled) {
      if (h.face().isEmpty()) {
        out.add(h);
        continue;
      }
      try {
        search.backfill(List.of(h.face().get()));
        out.add(h);
      } catch (GatewayException e) {
        if (e.type().status() == 503) {
          return out;
        }
        out.add(new Handled(h.photo(), Optional.empty(), PhotoOutcome.REFUSED));
      }
    }
    return out;
  }

  private record Target(PhotoRecord photo, CaseRecord caseRecord) {}

  private Optional<Target> stillIndexable(String photoId) {
    return db.inTransaction(
        tx -> {
          Optional<PhotoRecord> p = photos.find(tx, photoId);
          if (p.isEmpty()
              || p.get().state() != PhotoState.STORED && p.get().state() != PhotoState.INDEXED) {
            return Optional.<Target>empty();
          }
          CaseRecord c = cases.find(tx, p.get().caseId()).orElseThrow();
          return c.status() == CaseStatus.OPEN
              ? Optional.of(new Target(p.get(), c))
              : Optional.<Target>empty();
        });
  }

  /** The photo's face in the new space; empty when it is no longer indexable. */
  private Optional<FaceToIndex> embedOne(SpaceRef space, PhotoRecord listed) {
    Optional<Target> t = stillIndexable(listed.id());
    if (t.isEmpty()) {
      return Optional.empty();
    }
    PhotoRecord p = t.get().photo();
    var subject = db.inTransaction(tx -> cases.subject(tx, p.caseId()));
    EmbeddedFace face =
        embedder.embedSingleFace(images.readPlaintext(p.imageRef()), p.faceBox(), space);
    return Optional.of(IndexedFaces.of(p, t.get().caseRecord(), subject, face));
  }

  /**
   * Switches searches to the complete space, or records why not (no calibration, counts differ).
   *
   * @return the problem that stops the switch, if any
   */
  public Optional<ProblemType> trySwitch(SpaceRecord job) {
    if (job.status() != SpaceStatus.BUILDING) {
      return Optional.of(ProblemType.SPACE_NOT_READY);
    }
    if (job.completedAt() == null) {
      return Optional.of(ProblemType.SPACE_NOT_READY);
    }
    SpaceRef live = vectorSpaces.live();
    SearchClient.SpaceStats fresh = search.stats(job.ref());
    if (!fresh.calibrated()) {
      return record(job, ProblemType.SPACE_NOT_CALIBRATED);
    }
    SearchClient.SpaceStats old = search.stats(live);
    if (fresh.faces() != old.faces()) {
      // An index write still queued, or photos the embedder refused: not yet, or not this space.
      return record(job, ProblemType.SPACE_NOT_READY);
    }
    Instant now = clock.instant();
    boolean switched =
        db.inTransaction(
            tx -> {
              spaces.lock(tx);
              Optional<SpaceRecord> again = spaces.find(tx, job.id());
              if (again.isEmpty() || again.get().status() != SpaceStatus.BUILDING) {
                return false;
              }
              spaces.switchLive(tx, live.id(), job.id(), now, now.plus(config.reembed().grace()));
              return true;
            });
    if (switched) {
      LOG.infof("searches switched to a new vector space (%d faces)", fresh.faces());
      return Optional.empty();
    }
    return Optional.of(ProblemType.SPACE_NOT_READY);
  }

  private Optional<ProblemType> record(SpaceRecord job, ProblemType problem) {
    if (!problem.name().equals(job.problem())) {
      db.inTransaction(
          tx -> {
            spaces.problem(tx, job.id(), problem.name());
            return null;
          });
    }
    return Optional.of(problem);
  }

  /** Drops every retiring space whose grace period has ended. Returns how many. */
  public int dropDue() {
    Instant now = clock.instant();
    int dropped = 0;
    for (SpaceRecord s : db.inTransaction(tx -> spaces.withStatus(tx, SpaceStatus.RETIRING))) {
      if (s.dropAfter() != null && !s.dropAfter().isAfter(now)) {
        search.dropSpace(s.ref());
        db.inTransaction(
            tx -> {
              spaces.dropped(tx, s.id(), now);
              return null;
            });
        dropped++;
      }
    }
    if (dropped > 0) {
      LOG.infof("dropped %d retired vector spaces after their grace period", dropped);
    }
    return dropped;
  }
}
