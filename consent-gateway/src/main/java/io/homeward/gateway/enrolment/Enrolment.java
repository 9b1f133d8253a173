package io.homeward.gateway.enrolment;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.registration.EnrolledPhoto;
import io.homeward.gateway.registration.NewPhoto;
import io.homeward.gateway.registration.PhotoEnrolment;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Enrols a photo: policy, then the embedder's quality gate, then the encrypted image, the photo
 * record, the outbox row and the audit record in one transaction. A refused enrolment stores
 * nothing; a committed one reaches the index however often the search service fails. The steps live
 * in {@link PhotoEnrolment}, which the bulk import uses too.
 */
@ApplicationScoped
public class Enrolment {
  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final PhotoEnrolment enrolment;

  public Enrolment(Database db, CaseStore cases, PhotoStore photos, PhotoEnrolment enrolment) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.enrolment = enrolment;
  }

  public EnrolledPhoto enrol(Actor actor, Purpose purpose, String caseId, NewPhoto cmd) {
    return enrol(actor, purpose, caseId, cmd, null);
  }

  /**
   * As {@link #enrol(Actor, Purpose, String, NewPhoto)}, for a request the client named with an
   * idempotency key ({@code requestKey}, null for none): a repeat of a request that stored its
   * photo, after its answer was lost, stores nothing and answers with that photo ({@link
   * EnrolledPhoto#replayed()}), however the repeats interleave.
   */
  public EnrolledPhoto enrol(
      Actor actor, Purpose purpose, String caseId, NewPhoto cmd, String requestKey) {
    if (!Ids.looksLike("c", caseId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such case");
    }
    CaseSnapshot snapshot =
        db.inTransaction(tx -> cases.snapshot(tx, caseId))
            .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
    if (requestKey != null) {
      Optional<PhotoRecord> earlier =
          db.inTransaction(tx -> photos.byRequestKey(tx, caseId, requestKey));
      if (earlier.isPresent()) {
        return enrolment.replay(actor, purpose, snapshot, cmd, earlier.get());
      }
    }
    PhotoEnrolment.Accepted accepted = enrolment.decide(actor, purpose, snapshot, cmd);
    Optional<PhotoRecord> raced;
    try {
      raced = db.inTransaction(tx -> accepted.store(tx, requestKey));
    } catch (RuntimeException e) {
      accepted.discard();
      throw e;
    }
    if (raced.isPresent()) {
      // A repeat of this request stored its photo while this one was with the embedder.
      accepted.discard();
      return enrolment.replay(actor, purpose, snapshot, cmd, raced.get());
    }
    return accepted.committed();
  }
}
