package io.homeward.gateway.outbox;

import io.homeward.gateway.cluster.Leases;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.ImportStore;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Finds and repairs drift between the database, the index and the image store, both ways:
 *
 * <ul>
 *   <li>a photo of an open case that is not indexed and has no pending write gets one queued;
 *   <li>every case that is not open gets its removal from the index queued again (idempotent), so a
 *       vector left behind by a lost removal goes;
 *   <li>an encrypted image that no photo references is deleted, if it is still unreferenced on the
 *       next pass (so an enrolment between storing the image and committing is never touched).
 * </ul>
 *
 * Orphan vectors that a case search or a standing search meets are removed at once (by the search
 * use case and {@link StandingCandidates}).
 */
@ApplicationScoped
public class Reconciler {
  private static final Logger LOG = Logger.getLogger(Reconciler.class);
  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final OutboxStore outbox;
  private final ImageStore images;
  private final IndexWriter indexWriter;
  private final ImportStore imports;
  private final Clock clock;
  private final Leases leases;
  private Set<String> suspectImages = Set.of();

  public Reconciler(
      Database db,
      CaseStore cases,
      PhotoStore photos,
      OutboxStore outbox,
      ImageStore images,
      IndexWriter indexWriter,
      ImportStore imports,
      Clock clock,
      Leases leases) {
    this.leases = leases;
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.outbox = outbox;
    this.images = images;
    this.indexWriter = indexWriter;
    this.imports = imports;
    this.clock = clock;
  }

  /** What one pass repaired. */
  public record Pass(int upsertsQueued, int removalsQueued, int orphanImagesDeleted) {}

  @Scheduled(
      every = "${homeward.gateway.reconcile.every:15m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (!leases.hold("reconciler")) {
      return;
    }
    try {
      Pass p = run();
      if (p.upsertsQueued() + p.orphanImagesDeleted() > 0) {
        LOG.infof(
            "reconciler: %d index writes queued, %d orphan images deleted",
            p.upsertsQueued(), p.orphanImagesDeleted());
      }
    } catch (RuntimeException e) {
      LOG.warnf("reconciler pass failed (%s); it runs again", e.getClass().getSimpleName());
    }
  }

  public synchronized Pass run() {
    Instant now = clock.instant();
    int upserts =
        db.inTransaction(
            tx -> {
              int n = 0;
              for (PhotoRecord p : photos.withState(tx, PhotoState.STORED)) {
                CaseRecord c = cases.find(tx, p.caseId()).orElse(null);
                if (c != null
                    && c.status() == CaseStatus.OPEN
                    && !outbox.hasPendingUpsert(tx, p.id())) {
                  outbox.enqueue(tx, OutboxStore.Kind.UPSERT, p.id(), p.faceId(), c.id(), now);
                  n++;
                }
              }
              return n;
            });
    int removals =
        db.inTransaction(
            tx -> {
              int n = 0;
              for (CaseStatus s :
                  List.of(
                      CaseStatus.PENDING,
                      CaseStatus.FOUND,
                      CaseStatus.REUNIFIED,
                      CaseStatus.CLOSED)) {
                for (CaseRecord c : cases.withStatus(tx, s)) {
                  outbox.enqueue(tx, OutboxStore.Kind.REMOVE_CASE, null, null, c.id(), now);
                  n++;
                }
              }
              return n;
            });
    Set<String> referenced = new HashSet<>(db.inTransaction(photos::liveImageRefs));
    // Photos staged for a bulk import's waiting records are not orphans either.
    referenced.addAll(db.inTransaction(imports::stagedRefs));
    Set<String> orphans = new HashSet<>(images.refs());
    orphans.removeAll(referenced);
    int deleted = 0;
    for (String ref : orphans) {
      if (suspectImages.contains(ref)) {
        images.delete(ref);
        deleted++;
      }
    }
    orphans.removeIf(r -> suspectImages.contains(r));
    suspectImages = Set.copyOf(orphans);
    if (upserts + removals > 0) {
      indexWriter.kick();
    }
    return new Pass(upserts, removals, deleted);
  }
}
