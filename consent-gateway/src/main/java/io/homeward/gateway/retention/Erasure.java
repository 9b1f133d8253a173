package io.homeward.gateway.retention;

import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.outbox.IndexWriter;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.ErasureStore;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Erases a case's face data (PRIVACY.md rule 18). In one transaction, so that it survives a crash:
 * photos marked erased, the index removal queued, everything personal beyond the minimal record
 * deleted ({@link ErasureStore#forgetAtWithdrawal}), the minimal record's end set (rule 19) and the
 * destruction of the subject's audit key requested. Then the vectors the gateway holds in memory
 * are dropped, the encrypted images deleted and the audit key destroyed.
 *
 * <p>What is retried, and by whom: an image whose deletion fails is deleted by the reconciler (no
 * live photo references it); a key destruction that fails, or that a crash prevented, by the
 * retention job ({@link #destroyPendingKeys}); the index removal by the outbox until the search
 * service acknowledges it, which then expunges removed vectors from its disk on its own schedule.
 */
@ApplicationScoped
public class Erasure {
  private static final Logger LOG = Logger.getLogger(Erasure.class);
  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final OutboxStore outbox;
  private final ErasureStore erasures;
  private final ImageStore images;
  private final AuditLog audit;
  private final IndexWriter indexWriter;
  private final GatewayConfig config;
  private final Clock clock;

  public Erasure(
      Database db,
      CaseStore cases,
      PhotoStore photos,
      OutboxStore outbox,
      ErasureStore erasures,
      ImageStore images,
      AuditLog audit,
      IndexWriter indexWriter,
      GatewayConfig config,
      Clock clock) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.outbox = outbox;
    this.erasures = erasures;
    this.images = images;
    this.audit = audit;
    this.indexWriter = indexWriter;
    this.config = config;
    this.clock = clock;
  }

  /** What an erasure did, returned to the requester as confirmation. */
  public record Report(String caseId, int imagesDeleted, boolean indexRemovalQueued) {}

  /** Work done in the erasure's transaction (the consent change and its audit record). */
  @FunctionalInterface
  public interface InTx {
    void run(Connection tx) throws SQLException;
  }

  public Report erase(String caseId, CaseStatus newStatus, InTx alsoInTx) {
    Instant now = clock.instant();
    List<String> refs = new ArrayList<>();
    List<String> photoIds = new ArrayList<>();
    String subjectId =
        db.inTransaction(
            tx -> {
              cases.findForUpdate(tx, caseId);
              alsoInTx.run(tx);
              for (PhotoRecord p : photos.liveByCase(tx, caseId)) {
                photoIds.add(p.id());
                if (p.imageRef() != null) {
                  refs.add(p.imageRef());
                }
              }
              photos.setState(tx, photoIds, PhotoState.ERASED, now);
              outbox.enqueue(tx, OutboxStore.Kind.REMOVE_CASE, null, null, caseId, now);
              cases.setStatus(tx, caseId, newStatus, now);
              cases.minimiseSubject(tx, caseId);
              erasures.forgetAtWithdrawal(tx, caseId);
              cases.setPurgeAfter(tx, caseId, now.plus(config.retention().minimalRecord()));
              String subject = cases.subject(tx, caseId).id();
              erasures.requestKeyDestruction(tx, subject, now);
              return subject;
            });
    indexWriter.forget(photoIds);
    indexWriter.kick();
    int deleted = 0;
    for (String ref : refs) {
      try {
        if (images.delete(ref)) {
          deleted++;
        }
      } catch (RuntimeException e) {
        LOG.warn("an erased image could not be deleted now; the reconciler retries");
      }
    }
    destroyKey(subjectId);
    return new Report(caseId, deleted, true);
  }

  /**
   * Destroys the audit keys whose destruction is pending (after a failure or a crash); returns how
   * many were done. Idempotent: destroying a key that is already gone only clears the request.
   */
  public int destroyPendingKeys() {
    int done = 0;
    for (String subjectId : db.inTransaction(tx -> erasures.pendingKeyDestructions(tx, 500))) {
      if (destroyKey(subjectId)) {
        done++;
      }
    }
    return done;
  }

  /** Destroys one subject's audit key and then its request; false (request kept) on failure. */
  private boolean destroyKey(String subjectId) {
    try {
      audit.eraseSubjectKey(subjectId);
      db.inTransaction(
          tx -> {
            erasures.keyDestroyed(tx, subjectId);
            return null;
          });
      return true;
    } catch (RuntimeException e) {
      LOG.warnf(
          "a subject's audit key could not be destroyed now (%s); the retention job retries",
          e.getClass().getSimpleName());
      try {
        db.inTransaction(
            tx -> {
              erasures.keyDestructionFailed(tx, subjectId);
              return null;
            });
      } catch (RuntimeException ignored) {
        // The request row stays as it was; the next pass tries again.
      }
      return false;
    }
  }
}
