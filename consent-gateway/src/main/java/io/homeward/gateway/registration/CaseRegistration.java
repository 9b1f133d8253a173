package io.homeward.gateway.registration;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.UsageBudget;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.domain.UsageKind;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.ConsentRecord;
import io.homeward.gateway.store.Ids;
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
 * Registering a case, split in two: the decision (policy, rule 16's allowance) and the storing. A
 * single registration ({@code cases.CaseService}) stores at once; a bulk import stores the case in
 * the same transaction as its photos, so a record whose photo is refused leaves no case behind.
 */
@ApplicationScoped
public class CaseRegistration {
  private final CaseStore cases;
  private final AccountStore accounts;
  private final Guard guard;
  private final AuditLog audit;
  private final FieldSealer sealer;
  private final GatewayConfig config;
  private final UsageBudget budget;
  private final Clock clock;

  public CaseRegistration(
      CaseStore cases,
      AccountStore accounts,
      Guard guard,
      AuditLog audit,
      FieldSealer sealer,
      GatewayConfig config,
      UsageBudget budget,
      Clock clock) {
    this.cases = cases;
    this.accounts = accounts;
    this.guard = guard;
    this.audit = audit;
    this.sealer = sealer;
    this.config = config;
    this.budget = budget;
    this.clock = clock;
  }

  /**
   * A case the policy allowed, not stored yet.
   *
   * @param snapshot the case as it will be stored, for the decisions on its photos
   */
  public final class Decided {
    private final CaseSnapshot snapshot;
    private final AuditDraft draft;
    private final PolicyDecision decision;
    private final Instant now;

    private Decided(CaseSnapshot snapshot, AuditDraft draft, PolicyDecision decision, Instant now) {
      this.snapshot = snapshot;
      this.draft = draft;
      this.decision = decision;
      this.now = now;
    }

    public CaseSnapshot snapshot() {
      return snapshot;
    }

    public String caseId() {
      return snapshot.record().id();
    }

    /** Stores the case, its subject and consent, and its audit record, within {@code tx}. */
    public void store(Connection tx) throws SQLException {
      CaseRecord record = snapshot.record();
      cases.insert(tx, record);
      cases.insert(tx, snapshot.subject());
      for (ConsentRecord consent : snapshot.consents()) {
        cases.insert(tx, consent);
        afterConsent(tx, record, snapshot.subject(), consent, now);
      }
      audit.append(tx, draft.detail("status " + record.status()).build(now, decision, true));
    }
  }

  /**
   * Asks the policy whether the actor may register the case (a refusal is audited and thrown) and
   * counts it against the actor's daily allowance; it is OPEN when its basis allows searching,
   * otherwise PENDING (rule 3).
   */
  public Decided decide(Actor actor, Purpose purpose, Commands.NewCase cmd) {
    return decide(actor, purpose, cmd, Allowance.USER_DAILY);
  }

  /** As {@link #decide(Actor, Purpose, Commands.NewCase)}, counted against {@code allowance}. */
  public Decided decide(Actor actor, Purpose purpose, Commands.NewCase cmd, Allowance allowance) {
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
    // Rule 16: each case brings its own probe allowance, so new cases are counted too (an import
    // job's records were counted against its organisation's import allowance).
    if (allowance == Allowance.USER_DAILY) {
      budget.reserve(actor, UsageKind.NEW_CASE, null, draft, now);
    }
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
    return new Decided(
        new CaseSnapshot(
            record, subject, consent == null ? List.of() : List.of(consent), List.of()),
        draft,
        decision,
        now);
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

  /** Whether the policy lets the case be searched ({@code PENDING} to {@code OPEN}, rule 3). */
  public boolean activationAllowed(
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

  /** The subject's age now, from the birth years, for the audit's age band. */
  public static Float ageNow(SubjectRecord s, Instant now) {
    Integer age = s.ageIn(now.atZone(ZoneOffset.UTC).getYear());
    return age == null ? null : age.floatValue();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
