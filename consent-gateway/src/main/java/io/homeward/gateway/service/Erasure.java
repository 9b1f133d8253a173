package io.homeward.gateway.service;

import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.store.CaseStore;
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
 * Erases a case's face data: photos marked erased and the index removal queued in one transaction
 * (so it survives a crash), then the encrypted images deleted and the subject's audit key
 * destroyed. An image whose deletion fails is found again by the reconciler (its photo is erased).
 */
@ApplicationScoped
public class Erasure {
  private static final Logger LOG = Logger.getLogger(Erasure.class);
  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final OutboxStore outbox;
  private final ImageStore images;
  private final AuditLog audit;
  private final IndexWriter indexWriter;
  private final Clock clock;

  public Erasure(
      Database db,
      CaseStore cases,
      PhotoStore photos,
      OutboxStore outbox,
      ImageStore images,
      AuditLog audit,
      IndexWriter indexWriter,
      Clock clock) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.outbox = outbox;
    this.images = images;
    this.audit = audit;
    this.indexWriter = indexWriter;
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
    String subjectId =
        db.inTransaction(
            tx -> {
              cases.findForUpdate(tx, caseId);
              alsoInTx.run(tx);
              List<String> ids = new ArrayList<>();
              for (PhotoRecord p : photos.liveByCase(tx, caseId)) {
                ids.add(p.id());
                if (p.imageRef() != null) {
                  refs.add(p.imageRef());
                }
              }
              photos.setState(tx, ids, PhotoState.ERASED, now);
              outbox.enqueue(tx, OutboxStore.Kind.REMOVE_CASE, null, null, caseId, now);
              cases.setStatus(tx, caseId, newStatus, now);
              cases.minimiseSubject(tx, caseId);
              return cases.subject(tx, caseId).id();
            });
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
    audit.eraseSubjectKey(subjectId);
    return new Report(caseId, deleted, true);
  }
}
