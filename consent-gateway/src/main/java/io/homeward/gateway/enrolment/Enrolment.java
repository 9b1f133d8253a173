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
import jakarta.enterprise.context.ApplicationScoped;

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
  private final PhotoEnrolment enrolment;

  public Enrolment(Database db, CaseStore cases, PhotoEnrolment enrolment) {
    this.db = db;
    this.cases = cases;
    this.enrolment = enrolment;
  }

  public EnrolledPhoto enrol(Actor actor, Purpose purpose, String caseId, NewPhoto cmd) {
    if (!Ids.looksLike("c", caseId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such case");
    }
    CaseSnapshot snapshot =
        db.inTransaction(tx -> cases.snapshot(tx, caseId))
            .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
    PhotoEnrolment.Accepted accepted = enrolment.decide(actor, purpose, snapshot, cmd);
    try {
      db.inTransaction(
          tx -> {
            accepted.store(tx);
            return null;
          });
    } catch (RuntimeException e) {
      accepted.discard();
      throw e;
    }
    return accepted.committed();
  }
}
