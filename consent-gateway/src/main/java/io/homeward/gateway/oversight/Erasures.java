package io.homeward.gateway.oversight;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.store.ErasureStore;
import io.homeward.gateway.store.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Withdrawals and erasures as a privacy officer follows them (rules 18-19): the organisation's
 * cases on their way out, each with what is done and what is left (images, index removal, audit
 * key, purge of the minimal record). Decided by policy, scoped to the officer's organisation in
 * SQL, and audited.
 */
@ApplicationScoped
public class Erasures {
  private final Database db;
  private final ErasureStore erasures;
  private final Guard guard;
  private final AuditLog audit;
  private final Clock clock;

  public Erasures(Database db, ErasureStore erasures, Guard guard, AuditLog audit, Clock clock) {
    this.db = db;
    this.erasures = erasures;
    this.guard = guard;
    this.audit = audit;
    this.clock = clock;
  }

  /** Why a case is leaving: a withdrawn consent (erasure) or its closing. */
  public enum Reason {
    WITHDRAWAL,
    CLOSURE
  }

  /** Where the case stands: work still to do, or only the minimal record left until its purge. */
  public enum Stage {
    ERASING,
    MINIMAL_RECORD
  }

  /** One case's progress. */
  public record Item(ErasureStore.Progress progress, Reason reason, Stage stage) {}

  /** A page of cases and the cursor (the last case id) of the next page, if there may be one. */
  public record Page(List<Item> items, Optional<String> next) {}

  public Page list(Actor actor, Purpose purpose, Optional<String> beforeCaseId, int limit) {
    Instant now = clock.instant();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.AUDIT_ACCESS, purpose).detail("erasures read");
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.READ_ERASURES).purpose(purpose).build(), draft);
    if (beforeCaseId.isPresent() && !Ids.looksLike("c", beforeCaseId.get())) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "cursor is not one this service gave");
    }
    return db.inTransaction(
        tx -> {
          List<ErasureStore.Progress> rows =
              erasures.progress(tx, actor.organisation(), beforeCaseId, limit);
          audit.append(tx, draft.build(now, decision, true));
          List<Item> items = rows.stream().map(Erasures::item).toList();
          Optional<String> next =
              rows.size() < limit
                  ? Optional.empty()
                  : Optional.of(rows.get(rows.size() - 1).caseId());
          return new Page(items, next);
        });
  }

  private static Item item(ErasureStore.Progress p) {
    Reason reason = p.withdrawnAt() != null ? Reason.WITHDRAWAL : Reason.CLOSURE;
    // A closed case keeps its images until the purge; a withdrawn one loses them at once (rule 18).
    boolean pending =
        p.indexRemovalPending()
            || (reason == Reason.WITHDRAWAL && (p.imagesLeft() > 0 || p.keyDestructionPending()));
    return new Item(p, reason, pending ? Stage.ERASING : Stage.MINIMAL_RECORD);
  }
}
