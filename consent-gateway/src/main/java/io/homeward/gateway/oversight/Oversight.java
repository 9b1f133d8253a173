package io.homeward.gateway.oversight;

import io.homeward.gateway.access.AssignmentStore;
import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.audit.ChainReport;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.store.AccountStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * What privacy officers do: verify the audit chain, unlock accounts. Alerts: {@link AlertReview}.
 */
@ApplicationScoped
public class Oversight {
  private final Database db;
  private final AccountStore accounts;
  private final AssignmentStore scopes;
  private final Guard guard;
  private final AuditLog audit;
  private final Clock clock;

  public Oversight(
      Database db,
      AccountStore accounts,
      AssignmentStore scopes,
      Guard guard,
      AuditLog audit,
      Clock clock) {
    this.db = db;
    this.accounts = accounts;
    this.scopes = scopes;
    this.guard = guard;
    this.audit = audit;
    this.clock = clock;
  }

  public ChainReport verifyChain(Actor actor, Purpose purpose) {
    Instant now = clock.instant();
    AuditDraft draft = new AuditDraft(actor, AuditAction.AUDIT_ACCESS, purpose);
    PolicyDecision decision =
        guard.require(PolicyRequest.of(actor, Action.READ_AUDIT).purpose(purpose).build(), draft);
    ChainReport report = audit.verify();
    audit.append(
        draft
            .detail(report.intact() ? "chain verified" : "chain broken")
            .build(now, decision, true));
    return report;
  }

  public void unlock(Actor actor, Purpose purpose, String subject) {
    Instant now = clock.instant();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.OVERRIDE, purpose).detail("unlock account");
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.UNLOCK_ACCOUNT).purpose(purpose).build(), draft);
    if (subject == null || subject.isBlank() || subject.length() > 128) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "name the account to unlock");
    }
    // A privacy officer reviews their own organisation's users: another organisation's account
    // answers as one that is not locked (audited).
    boolean foreign =
        db.inTransaction(tx -> scopes.accountOrganisation(tx, subject))
            .filter(org -> !org.equals(actor.organisation()))
            .isPresent();
    if (foreign) {
      audit.append(draft.detail("unlock: account outside scope").build(now, null, false));
      throw new GatewayException(ProblemType.NOT_FOUND, "no locked account by that name");
    }
    db.inTransaction(
        tx -> {
          if (!accounts.unlock(tx, subject, actor.subject(), now)) {
            throw new GatewayException(ProblemType.NOT_FOUND, "no locked account by that name");
          }
          audit.append(tx, draft.build(now, decision, true));
          return null;
        });
  }
}
