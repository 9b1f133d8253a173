package io.homeward.gateway.oversight;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.ScopeSql;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.Justifications;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.AlertStore;
import io.homeward.gateway.store.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Privacy officers review silent alerts: a page at a time, newest first (so a flood of routine
 * alerts cannot bury a protected-person hit at the end of a list), filtered by kind and state;
 * acknowledged and resolved with a note; every step policy-checked and audited. An alert an officer
 * cannot list is one they cannot acknowledge or resolve either: both go through the same query
 * ({@link AlertStore#find}).
 */
@ApplicationScoped
public class AlertReview {
  private final Database db;
  private final AlertStore alerts;
  private final Guard guard;
  private final AuditLog audit;
  private final FieldSealer sealer;
  private final Justifications justifications;
  private final Clock clock;

  public AlertReview(
      Database db,
      AlertStore alerts,
      Guard guard,
      AuditLog audit,
      FieldSealer sealer,
      Justifications justifications,
      Clock clock) {
    this.db = db;
    this.alerts = alerts;
    this.guard = guard;
    this.audit = audit;
    this.sealer = sealer;
    this.justifications = justifications;
    this.clock = clock;
  }

  /**
   * A privacy officer oversees their own organisation: the alerts about its cases, the review items
   * it is party to and its users' accounts (scope by organisation, {@link ScopeSql}).
   */
  private static ScopeSql.Predicate scopeOf(Actor actor) {
    return ScopeSql.alertOfOrganisation("al", actor.organisation());
  }

  /** A page of alerts and the cursor of the next page, if there may be one. */
  public record Page(List<AlertStore.Row> rows, Optional<String> next) {}

  public Page list(Actor actor, Purpose purpose, AlertStore.Query query) {
    Instant now = clock.instant();
    AuditDraft draft = new AuditDraft(actor, AuditAction.AUDIT_ACCESS, purpose);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.REVIEW_ALERTS).purpose(purpose).build(), draft);
    return db.inTransaction(
        tx -> {
          List<AlertStore.Row> rows = alerts.find(tx, query, scopeOf(actor));
          audit.append(tx, draft.detail("alerts read").build(now, decision, true));
          Optional<String> next =
              rows.size() < query.limit()
                  ? Optional.empty()
                  : Optional.of(
                      new AlertStore.Cursor(
                              rows.get(rows.size() - 1).raisedAt(), rows.get(rows.size() - 1).id())
                          .encode());
          return new Page(rows, next);
        });
  }

  /** Marks an open alert as seen and being handled. */
  public AlertStore.Row acknowledge(Actor actor, Purpose purpose, String alertId, String note) {
    return change(actor, purpose, alertId, Action.ACKNOWLEDGE_ALERT, note);
  }

  /** Closes an alert with a note of what was done. */
  public AlertStore.Row resolve(Actor actor, Purpose purpose, String alertId, String note) {
    return change(actor, purpose, alertId, Action.RESOLVE_ALERT, note);
  }

  private AlertStore.Row change(
      Actor actor, Purpose purpose, String alertId, Action action, String note) {
    Instant now = clock.instant();
    boolean resolving = action == Action.RESOLVE_ALERT;
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.AUDIT_ACCESS, purpose)
            .detail(resolving ? "alert resolved" : "alert acknowledged");
    PolicyDecision decision =
        guard.require(PolicyRequest.of(actor, action).purpose(purpose).build(), draft);
    // Checked after the policy, so that a refused caller learns nothing from the answer.
    String text =
        resolving ? justifications.required(note, "note") : justifications.optional(note, "note");
    if (!Ids.looksLike("a", alertId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such alert");
    }
    byte[] sealed = text == null ? null : sealer.seal("alerts.note", text);
    return db.inTransaction(
        tx -> {
          AlertStore.Row before =
              alerts.find(tx, AlertStore.Query.one(alertId), scopeOf(actor)).stream()
                  .findFirst()
                  .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such alert"));
          boolean changed =
              resolving
                  ? alerts.resolve(tx, alertId, actor.subject(), sealed, now)
                  : alerts.acknowledge(tx, alertId, actor.subject(), sealed, now);
          if (!changed) {
            throw new GatewayException(
                ProblemType.CONFLICT,
                "the alert is already " + before.state().name().toLowerCase(java.util.Locale.ROOT));
          }
          audit.append(tx, draft.caseId(before.caseId()).build(now, decision, true));
          return alerts.find(tx, AlertStore.Query.one(alertId), scopeOf(actor)).get(0);
        });
  }

  /** Accounts with their flags and protected-person hits (rule 14), a page at a time. */
  public List<AlertStore.FlaggedAccount> accounts(
      Actor actor, Purpose purpose, boolean flaggedOnly, Optional<String> after, int limit) {
    Instant now = clock.instant();
    AuditDraft draft = new AuditDraft(actor, AuditAction.AUDIT_ACCESS, purpose);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.REVIEW_ALERTS).purpose(purpose).build(), draft);
    return db.inTransaction(
        tx -> {
          List<AlertStore.FlaggedAccount> rows =
              alerts.accounts(tx, actor.organisation(), flaggedOnly, after, limit);
          audit.append(tx, draft.detail("accounts read").build(now, decision, true));
          return rows;
        });
  }
}
