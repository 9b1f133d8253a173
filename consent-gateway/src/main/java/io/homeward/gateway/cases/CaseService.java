package io.homeward.gateway.cases;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.UsageBudget;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConfirmationKind;
import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.domain.UsageKind;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.outbox.IndexWriter;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.retention.Erasure;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.AccountStore;
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
import java.time.ZoneOffset;
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
  private final AccountStore accounts;
  private final Guard guard;
  private final AuditLog audit;
  private final FieldSealer sealer;
  private final Erasure erasure;
  private final IndexWriter indexWriter;
  private final GatewayConfig config;
  private final UsageBudget budget;
  private final Clock clock;

  public CaseService(
      Database db,
      CaseStore cases,
      PhotoStore photos,
      OutboxStore outbox,
      AccountStore accounts,
      Guard guard,
      AuditLog audit,
      FieldSealer sealer,
      Erasure erasure,
      IndexWriter indexWriter,
      GatewayConfig config,
      UsageBudget budget,
      Clock clock) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.outbox = outbox;
    this.accounts = accounts;
    this.guard = guard;
    this.audit = audit;
    this.sealer = sealer;
    this.erasure = erasure;
    this.indexWriter = indexWriter;
    this.config = config;
    this.budget = budget;
    this.clock = clock;
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
    Instant now = clock.instant();
    String caseId = Ids.newId("c");
    String subjectId = Ids.newId("s");
    boolean policeBasis =
        cmd.consent() != null
            && (cmd.consent().basis() == LegalBasis.STATUTORY_DUTY
                || cmd.consent().basis() == LegalBasis.VITAL_EMERGENCY);
    boolean verified =
        actor.actingAs() == Role.POLICE_INVESTIGATOR || actor.actingAs() == Role.NGO_CASEWORKER;
    SubjectRecord subject =
        new SubjectRecord(
            subjectId,
            caseId,
            cmd.subject().sex(),
            cmd.subject().birthYearFrom(),
            cmd.subject().birthYearTo(),
            cmd.subject().eventDate(),
            cmd.subject().regionCode(),
            sealer.seal("subjects.location", cmd.subject().location()),
            cmd.subject().protectedPerson(),
            cmd.subject().disclosureRefused(),
            cmd.subject().lacksCapacity(),
            cmd.subject().guardianFlagged(),
            cmd.side() == Side.MISSING);
    ConsentRecord consent = null;
    if (cmd.consent() != null) {
      consent =
          new ConsentRecord(
              Ids.newId("k"),
              caseId,
              cmd.consent().basis(),
              cmd.consent().givenBy(),
              cmd.consent().relationship(),
              cmd.consent().trainingConsent(),
              sealer.seal("consents.justification", cmd.consent().justification()),
              now,
              cmd.consent().basis() == LegalBasis.VITAL_EMERGENCY
                  ? now.plus(config.retention().vitalEmergency())
                  : null,
              null,
              null,
              null);
    }
    CaseRecord pending =
        new CaseRecord(
            caseId,
            cmd.side(),
            CaseStatus.PENDING,
            actor.organisation(),
            actor.subject(),
            blankToNull(cmd.policeCaseNumber()),
            verified || policeBasis,
            now,
            now,
            null,
            null);
    PolicyRequest.Builder request =
        PolicyRequest.of(actor, Action.CREATE_CASE)
            .purpose(purpose)
            .caseFacts(PolicyFacts.caseFacts(pending, actor, Optional.of(cmd.side())))
            .subject(PolicyFacts.subjectNow(subject, now));
    if (consent != null) {
      request.consent(PolicyFacts.consentFacts(consent, now));
    }
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.CASE_CHANGE, purpose)
            .caseId(caseId)
            .subject(subjectId)
            .legalBasis(consent == null ? null : consent.basis().name())
            .consentId(consent == null ? null : consent.id())
            .ageBand(ageNow(subject, now));
    PolicyDecision decision = guard.require(request.build(), draft);
    // Rule 16: each case brings its own probe allowance, so new cases are counted too.
    budget.reserve(actor, UsageKind.NEW_CASE, null, draft, now);
    boolean searchable =
        consent != null && activationAllowed(actor, purpose, pending, subject, consent, now);
    CaseRecord record =
        new CaseRecord(
            caseId,
            pending.side(),
            searchable ? CaseStatus.OPEN : CaseStatus.PENDING,
            pending.organisation(),
            pending.reportedBy(),
            pending.policeCaseNumber(),
            pending.verified(),
            now,
            now,
            null,
            null);
    ConsentRecord finalConsent = consent;
    return db.inTransaction(
        tx -> {
          cases.insert(tx, record);
          cases.insert(tx, subject);
          if (finalConsent != null) {
            cases.insert(tx, finalConsent);
            afterConsent(tx, record, subject, finalConsent, now);
          }
          audit.append(tx, draft.detail("status " + record.status()).build(now, decision, true));
          return details(tx, record.id(), actor);
        });
  }

  /** Rule 2 (emergency review) and rule 5 (guardian notice for 14-17). */
  private void afterConsent(
      Connection tx, CaseRecord c, SubjectRecord s, ConsentRecord consent, Instant now)
      throws SQLException {
    if (consent.basis() == LegalBasis.VITAL_EMERGENCY) {
      accounts.raiseAlert(tx, "VITAL_EMERGENCY_REVIEW", c.reportedBy(), c.id(), now);
    }
    Float age = ageNow(s, now);
    if (consent.basis() == LegalBasis.CONSENT
        && consent.givenBy() == ConsentGiver.SUBJECT
        && age != null
        && age >= 14
        && age < 18
        && !s.guardianFlagged()) {
      cases.markGuardianNotified(tx, consent.id(), now);
      accounts.raiseAlert(tx, "GUARDIAN_NOTICE_DUE", null, c.id(), now);
    }
  }

  private boolean activationAllowed(
      Actor actor,
      Purpose purpose,
      CaseRecord c,
      SubjectRecord s,
      ConsentRecord consent,
      Instant now) {
    return guard
        .ask(
            PolicyRequest.of(actor, Action.ACTIVATE_CASE)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c, actor, Optional.of(c.side())))
                .subject(PolicyFacts.subjectNow(s, now))
                .consent(PolicyFacts.consentFacts(consent, now))
                .build())
        .allowed();
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

  static Float ageNow(SubjectRecord s, Instant now) {
    Integer age = s.ageIn(now.atZone(ZoneOffset.UTC).getYear());
    return age == null ? null : age.floatValue();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
