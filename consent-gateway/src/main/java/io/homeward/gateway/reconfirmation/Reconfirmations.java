package io.homeward.gateway.reconfirmation;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.outbox.IndexWriter;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseSnapshot;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.ConsentRecord;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PageCursor;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.ReconfirmationStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The yearly re-confirmation of open MISSING cases by the guardian (PRIVACY.md rule 22): the
 * caseworkers' reminder list of their organisation's cases due, overdue or lapsed, and the
 * re-confirmation itself, which reopens a case the lapse made unsearchable. The lapse is applied by
 * the retention job ({@code retention.Retention}). Decided by policy and audited.
 */
@ApplicationScoped
public class Reconfirmations {
  private final Database db;
  private final CaseStore cases;
  private final ReconfirmationStore reminders;
  private final OutboxStore outbox;
  private final IndexWriter indexWriter;
  private final Guard guard;
  private final AuditLog audit;
  private final GatewayConfig config;
  private final Clock clock;

  public Reconfirmations(
      Database db,
      CaseStore cases,
      ReconfirmationStore reminders,
      OutboxStore outbox,
      IndexWriter indexWriter,
      Guard guard,
      AuditLog audit,
      GatewayConfig config,
      Clock clock) {
    this.db = db;
    this.cases = cases;
    this.reminders = reminders;
    this.outbox = outbox;
    this.indexWriter = indexWriter;
    this.guard = guard;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Where a case stands: its re-confirmation falls due soon, is past due (the retention job has not
   * run since), or has lapsed and the case is unsearchable until re-confirmed.
   */
  public enum Standing {
    DUE,
    OVERDUE,
    LAPSED
  }

  /** One case of the reminder list. */
  public record Reminder(
      String caseId, CaseStatus status, Instant confirmedAt, Instant dueAt, Standing standing) {}

  /** A page of reminders and the cursor of the next page, if there may be one. */
  public record Page(List<Reminder> items, Optional<PageCursor> next) {}

  /** The outcome of a re-confirmation. */
  public record Reconfirmed(
      String caseId, CaseStatus status, Instant confirmedAt, Instant dueAt, boolean reopened) {}

  /** The organisation's cases whose re-confirmation is due within the notice period or past. */
  public Page list(Actor actor, Purpose purpose, Optional<PageCursor> after, int limit) {
    Instant now = clock.instant();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .displayed(Display.METADATA)
            .detail("reconfirmations read");
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.LIST_RECONFIRMATIONS).purpose(purpose).build(), draft);
    Duration period = config.retention().reconfirmation();
    Instant confirmedBy = now.minus(period).plus(config.retention().reconfirmationNotice());
    return db.inTransaction(
        tx -> {
          List<CaseRecord> rows =
              reminders.due(tx, actor.organisation(), confirmedBy, after, limit);
          audit.append(tx, draft.build(now, decision, true));
          List<Reminder> items = rows.stream().map(c -> reminder(c, now)).toList();
          Optional<PageCursor> next =
              rows.size() < limit
                  ? Optional.empty()
                  : Optional.of(
                      new PageCursor(
                          rows.get(rows.size() - 1).confirmedAt(), rows.get(rows.size() - 1).id()));
          return new Page(items, next);
        });
  }

  private Reminder reminder(CaseRecord c, Instant now) {
    Instant due = c.confirmedAt().plus(config.retention().reconfirmation());
    Standing standing =
        lapsed(c, now) ? Standing.LAPSED : due.isBefore(now) ? Standing.OVERDUE : Standing.DUE;
    return new Reminder(c.id(), c.status(), c.confirmedAt(), due, standing);
  }

  /**
   * Records the guardian's re-confirmation: the year starts again; a case the lapse made
   * unsearchable is searchable again when its basis still allows it (its photos re-indexed).
   */
  public Reconfirmed reconfirm(Actor actor, Purpose purpose, String caseId) {
    Instant now = clock.instant();
    CaseSnapshot before = db.inTransaction(tx -> snapshot(tx, caseId));
    CaseRecord c = before.record();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.CASE_CHANGE, purpose)
            .caseId(caseId)
            .subject(before.subject().id());
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.RECONFIRM_CASE)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c, actor, Optional.empty()))
                .build(),
            draft);
    Duration period = config.retention().reconfirmation();
    boolean mayReopen = lapsed(c, now) && activationAllowed(actor, purpose, before, now);
    Reconfirmed result =
        db.inTransaction(
            tx -> {
              // The row lock orders this against a retention pass, a status change or a parallel
              // re-confirmation: what is decided below is decided on the row as it is now.
              CaseRecord locked =
                  cases
                      .findForUpdate(tx, caseId)
                      .orElseThrow(
                          () -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
              if (locked.status() != CaseStatus.OPEN && locked.status() != CaseStatus.PENDING) {
                throw new GatewayException(
                    ProblemType.CONFLICT, "the case is " + locked.status() + " now");
              }
              boolean lapsedNow = lapsed(locked, now);
              boolean reopen = lapsedNow && mayReopen;
              cases.confirmStillSearching(tx, caseId, now);
              if (reopen) {
                cases.setStatus(tx, caseId, CaseStatus.OPEN, now);
                for (PhotoRecord p : before.livePhotos()) {
                  outbox.enqueue(tx, OutboxStore.Kind.UPSERT, p.id(), p.faceId(), caseId, now);
                }
              }
              String detail =
                  reopen
                      ? "reconfirmed; case reopened"
                      : lapsedNow ? "reconfirmed; case stays pending" : "reconfirmed";
              audit.append(tx, draft.detail(detail).build(now, decision, true));
              return new Reconfirmed(
                  caseId,
                  reopen ? CaseStatus.OPEN : locked.status(),
                  now,
                  now.plus(period),
                  reopen);
            });
    if (result.reopened()) {
      indexWriter.kick();
    }
    return result;
  }

  /** A case the retention job made unsearchable for want of its re-confirmation. */
  private boolean lapsed(CaseRecord c, Instant now) {
    return c.status() == CaseStatus.PENDING
        && !c.confirmedAt().plus(config.retention().reconfirmation()).isAfter(now);
  }

  private boolean activationAllowed(Actor actor, Purpose purpose, CaseSnapshot c, Instant now) {
    Optional<ConsentRecord> basis = PolicyFacts.basisInForce(c.consents(), now);
    if (basis.isEmpty()) {
      return false;
    }
    return guard
        .ask(
            PolicyRequest.of(actor, Action.ACTIVATE_CASE)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c.record(), actor, Optional.of(c.record().side())))
                .subject(PolicyFacts.subjectNow(c.subject(), now))
                .consent(PolicyFacts.consentFacts(basis.get(), now))
                .build())
        .allowed();
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
