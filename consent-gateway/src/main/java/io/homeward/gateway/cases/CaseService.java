package io.homeward.gateway.cases;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConfirmationKind;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.outbox.IndexWriter;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.registration.CaseRegistration;
import io.homeward.gateway.registration.Commands;
import io.homeward.gateway.retention.Erasure;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.ConsentRecord;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.SubjectRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Registering cases, verifying and withdrawing consent, and moving a case through its lifecycle.
 */
@ApplicationScoped
public class CaseService {
  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final OutboxStore outbox;
  private final Guard guard;
  private final AuditLog audit;
  private final FieldSealer sealer;
  private final Erasure erasure;
  private final IndexWriter indexWriter;
  private final GatewayConfig config;
  private final Clock clock;
  private final CaseRegistration registration;

  public CaseService(
      Database db,
      CaseStore cases,
      PhotoStore photos,
      OutboxStore outbox,
      Guard guard,
      AuditLog audit,
      FieldSealer sealer,
      Erasure erasure,
      IndexWriter indexWriter,
      GatewayConfig config,
      Clock clock,
      CaseRegistration registration) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.outbox = outbox;
    this.guard = guard;
    this.audit = audit;
    this.sealer = sealer;
    this.erasure = erasure;
    this.indexWriter = indexWriter;
    this.config = config;
    this.clock = clock;
    this.registration = registration;
  }

  /** A case with what the caller may see of it. */
  public record CaseDetails(
      CaseRecord record,
      SubjectRecord subject,
      List<ConsentRecord> consents,
      List<PhotoRecord> photos,
      Optional<String> location) {}

  /** Registers a case; it is OPEN when its basis allows searching, otherwise PENDING (rule 3). */
  public CaseDetails create(Actor actor, Purpose purpose, Commands.NewCase cmd) {
    CaseRegistration.Decided decided = registration.decide(actor, purpose, cmd);
    return db.inTransaction(
        tx -> {
          decided.store(tx);
          return details(tx, decided.caseId(), actor);
        });
  }

  private boolean activationAllowed(
      Actor actor,
      Purpose purpose,
      CaseRecord c,
      SubjectRecord s,
      ConsentRecord consent,
      Instant now) {
    return registration.activationAllowed(actor, purpose, c, s, consent, now);
  }

  /** Reads a case's metadata (no face data). */
  public CaseDetails read(Actor actor, Purpose purpose, String caseId) {
    Instant now = clock.instant();
    CaseSnapshot c = db.inTransaction(tx -> snapshot(tx, caseId));
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .caseId(caseId)
            .subject(c.subject().id())
            .displayed(Display.METADATA);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.READ_CASE)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c.record(), actor, Optional.empty()))
                .subject(PolicyFacts.subjectNow(c.subject(), now))
                .build(),
            draft);
    db.inTransaction(tx -> audit.append(tx, draft.build(now, decision, true)));
    return details(c, actor);
  }

  /** A caseworker checked a guardian's identity and relationship (rule 3). */
  public CaseDetails verifyConsent(Actor actor, Purpose purpose, String caseId, String consentId) {
    Instant now = clock.instant();
    ConsentChange change =
        consentChange(actor, purpose, caseId, consentId, Action.VERIFY_CONSENT, now);
    CaseSnapshot before = change.before();
    ConsentRecord consent = change.consent();
    AuditDraft draft = change.draft();
    PolicyDecision decision = change.decision();
    if (!consent.activeAt(now)) {
      throw new GatewayException(ProblemType.CONFLICT, "the consent was withdrawn or has expired");
    }
    ConsentRecord verified =
        new ConsentRecord(
            consent.id(),
            consent.caseId(),
            consent.basis(),
            consent.givenBy(),
            consent.relationship(),
            consent.trainingConsent(),
            consent.justificationSealed(),
            consent.grantedAt(),
            consent.expiresAt(),
            actor.subject(),
            now,
            null);
    boolean activate =
        before.record().status() == CaseStatus.PENDING
            && activationAllowed(actor, purpose, before.record(), before.subject(), verified, now);
    CaseDetails after =
        db.inTransaction(
            tx -> {
              cases.verifyConsent(tx, consentId, actor.subject(), now);
              cases.setVerified(tx, caseId, now);
              if (activate) {
                cases.setStatus(tx, caseId, CaseStatus.OPEN, now);
                for (PhotoRecord p : photos.liveByCase(tx, caseId)) {
                  outbox.enqueue(tx, OutboxStore.Kind.UPSERT, p.id(), p.faceId(), caseId, now);
                }
              }
              audit.append(
                  tx,
                  draft
                      .detail(activate ? "verified; case open" : "verified")
                      .build(now, decision, true));
              return details(tx, caseId, actor);
            });
    indexWriter.kick();
    return after;
  }

  /**
   * Withdraws a consent: the vectors leave the index (queued now), the images are deleted, the
   * subject's audit key is destroyed; the audit keeps a pseudonymous tombstone (rule 18).
   */
  public Erasure.Report withdrawConsent(
      Actor actor, Purpose purpose, String caseId, String consentId) {
    Instant now = clock.instant();
    ConsentChange change =
        consentChange(actor, purpose, caseId, consentId, Action.WITHDRAW_CONSENT, now);
    ConsentRecord consent = change.consent();
    AuditDraft draft = change.draft();
    PolicyDecision decision = change.decision();
    if (consent.withdrawnAt() != null) {
      throw new GatewayException(ProblemType.CONFLICT, "the consent is already withdrawn");
    }
    return erasure.erase(
        caseId,
        CaseStatus.CLOSED,
        tx -> {
          cases.withdrawConsent(tx, consentId, now);
          audit.append(tx, draft.detail("consent withdrawn; erasure").build(now, decision, true));
        });
  }

  private record ConsentChange(
      CaseSnapshot before, ConsentRecord consent, AuditDraft draft, PolicyDecision decision) {}

  /**
   * Finds a case's consent and asks the policy whether the actor may change it (audited if not).
   */
  private ConsentChange consentChange(
      Actor actor, Purpose purpose, String caseId, String consentId, Action action, Instant now) {
    CaseSnapshot before = db.inTransaction(tx -> snapshot(tx, caseId));
    ConsentRecord consent =
        before.consents().stream()
            .filter(k -> k.id().equals(consentId))
            .findFirst()
            .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such consent"));
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.CONSENT_CHANGE, purpose)
            .caseId(caseId)
            .consentId(consentId)
            .subject(before.subject().id())
            .legalBasis(consent.basis().name());
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, action)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(before.record(), actor, Optional.empty()))
                .subject(PolicyFacts.subjectNow(before.subject(), now))
                .consent(PolicyFacts.consentFacts(consent, now))
                .build(),
            draft);
    return new ConsentChange(before, consent, draft, decision);
  }

  /** Records a DNA or document confirmation (rule 12). */
  public void recordConfirmation(
      Actor actor, Purpose purpose, String caseId, ConfirmationKind kind, String reference) {
    Instant now = clock.instant();
    CaseSnapshot c = db.inTransaction(tx -> snapshot(tx, caseId));
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VERIFY, purpose)
            .caseId(caseId)
            .subject(c.subject().id())
            .detail("confirmation " + kind);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.RECORD_CONFIRMATION)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c.record(), actor, Optional.empty()))
                .build(),
            draft);
    db.inTransaction(
        tx -> {
          cases.insertConfirmation(
              tx, Ids.newId("d"), caseId, kind.name(), reference, actor.subject(), now);
          audit.append(tx, draft.build(now, decision, true));
          return null;
        });
  }

  /**
   * Moves a case to FOUND, REUNIFIED (only after a confirmation, rule 12) or CLOSED; its vectors
   * leave the index and a minimal record is kept for the retention period (rule 19).
   */
  public CaseDetails changeStatus(Actor actor, Purpose purpose, String caseId, CaseStatus target) {
    Instant now = clock.instant();
    if (target == CaseStatus.OPEN || target == CaseStatus.PENDING) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "a case is opened by verifying its consent, not directly");
    }
    record Before(CaseSnapshot snapshot, boolean confirmed) {}
    Before before =
        db.inTransaction(tx -> new Before(snapshot(tx, caseId), cases.hasConfirmation(tx, caseId)));
    CaseSnapshot c = before.snapshot();
    boolean confirmed = before.confirmed();
    Action action =
        target == CaseStatus.REUNIFIED ? Action.MARK_REUNIFIED : Action.CHANGE_CASE_STATUS;
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.CASE_CHANGE, purpose)
            .caseId(caseId)
            .subject(c.subject().id())
            .detail("status " + c.record().status() + " -> " + target);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, action)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c.record(), actor, Optional.empty()))
                .review(new PolicyRequest.ReviewFacts(0, confirmed, false))
                .build(),
            draft);
    if (c.record().status() == CaseStatus.CLOSED || c.record().status() == CaseStatus.REUNIFIED) {
      throw new GatewayException(
          ProblemType.CONFLICT, "the case is already " + c.record().status());
    }
    CaseDetails after =
        db.inTransaction(
            tx -> {
              cases.setStatus(tx, caseId, target, now);
              cases.setPurgeAfter(tx, caseId, now.plus(config.retention().minimalRecord()));
              outbox.enqueue(tx, OutboxStore.Kind.REMOVE_CASE, null, null, caseId, now);
              audit.append(tx, draft.build(now, decision, true));
              return details(tx, caseId, actor);
            });
    indexWriter.kick();
    return after;
  }

  private CaseDetails details(Connection tx, String caseId, Actor actor) throws SQLException {
    return details(snapshot(tx, caseId), actor);
  }

  private CaseDetails details(CaseSnapshot c, Actor actor) {
    SubjectRecord s = c.subject();
    Optional<String> location =
        // Rule 13: a subject who refused disclosure is not located, not even for police (no policy
        // makes an exception); callers have checked the case is within the actor's reach.
        actor.actingAs() == Role.POLICE_INVESTIGATOR && !s.disclosureRefused()
            ? Optional.ofNullable(sealer.openPlaintext("subjects.location", s.locationSealed()))
            : Optional.empty();
    return new CaseDetails(c.record(), s, c.consents(), c.livePhotos(), location);
  }

  private CaseSnapshot snapshot(Connection tx, String caseId) throws SQLException {
    if (!Ids.looksLike("c", caseId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such case");
    }
    return cases
        .snapshot(tx, caseId)
        .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
  }
}
