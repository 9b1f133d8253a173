package io.homeward.gateway.access;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PageCursor;
import io.homeward.gateway.store.SubjectRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Case assignments: the organisation that registered a case (its caseworker or police) gives
 * another organisation's examiners or police access to it, lists and revokes that access. Each step
 * asks the policy ({@code ASSIGN_CASE}) and is audited. Callers check {@link Scope#requireCase}
 * first, so another organisation's case answers as an unknown one.
 */
@ApplicationScoped
public class Assignments {
  private static final Pattern ORGANISATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Database db;
  private final CaseStore cases;
  private final AssignmentStore store;
  private final Scope scope;
  private final Guard guard;
  private final AuditLog audit;
  private final Clock clock;

  public Assignments(
      Database db,
      CaseStore cases,
      AssignmentStore store,
      Scope scope,
      Guard guard,
      AuditLog audit,
      Clock clock) {
    this.db = db;
    this.cases = cases;
    this.store = store;
    this.scope = scope;
    this.guard = guard;
    this.audit = audit;
    this.clock = clock;
  }

  /** What to assign: an organisation's role, optionally one named user of it. */
  public record NewAssignment(String organisation, String subject, Role role) {}

  private record Facts(
      CaseRecord record, SubjectRecord subject, PolicyRequest.AccessFacts access) {}

  private record Allowed(
      CaseRecord record, SubjectRecord subject, AuditDraft draft, PolicyDecision decision) {}

  private Allowed allow(Actor actor, Purpose purpose, String caseId, String what) {
    if (!Ids.looksLike("c", caseId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such case");
    }
    Facts facts =
        db.inTransaction(
            tx -> {
              CaseRecord c =
                  cases
                      .find(tx, caseId)
                      .orElseThrow(
                          () -> new GatewayException(ProblemType.NOT_FOUND, "no such case"));
              return new Facts(c, cases.subject(tx, caseId), scope.caseAccess(tx, actor, c));
            });
    CaseRecord c = facts.record();
    SubjectRecord s = facts.subject();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.CASE_CHANGE, purpose)
            .caseId(caseId)
            .subject(s.id())
            .detail(what);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.ASSIGN_CASE)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c, actor, Optional.empty()))
                .access(facts.access())
                .build(),
            draft);
    return new Allowed(c, s, draft, decision);
  }

  /** Assigns a role of another organisation (or one user of it) to the case. */
  public Assignment assign(Actor actor, Purpose purpose, String caseId, NewAssignment cmd) {
    Instant now = clock.instant();
    if (cmd.role() == null || !ScopeSql.assignable(cmd.role())) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "role is FACE_EXAMINER or POLICE_INVESTIGATOR");
    }
    if (cmd.organisation() == null || !ORGANISATION.matcher(cmd.organisation()).matches()) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST,
          "organisation is 1 to 64 letters, digits, dots, dashes or underscores");
    }
    if (cmd.subject() != null && (cmd.subject().isBlank() || cmd.subject().length() > 128)) {
      throw new GatewayException(ProblemType.INVALID_REQUEST, "subject is 1 to 128 characters");
    }
    Allowed ok = allow(actor, purpose, caseId, "assign " + cmd.role() + " " + cmd.organisation());
    if (ok.record().organisation().equals(cmd.organisation())) {
      throw new GatewayException(
          ProblemType.INVALID_REQUEST, "the case's own organisation needs no assignment");
    }
    Assignment a =
        new Assignment(
            Ids.newId("g"),
            caseId,
            cmd.organisation(),
            cmd.subject(),
            cmd.role(),
            actor.subject(),
            now,
            null,
            null);
    return db.inTransaction(
        tx -> {
          // Serialises assignments of one case, so that two identical requests store one row.
          cases.findForUpdate(tx, caseId);
          for (Assignment existing : store.inForce(tx, caseId)) {
            if (existing.organisation().equals(a.organisation())
                && existing.role() == a.role()
                && Objects.equals(existing.subject(), a.subject())) {
              throw new GatewayException(ProblemType.CONFLICT, "that assignment is in force");
            }
          }
          store.insert(tx, a);
          audit.append(tx, ok.draft().build(now, ok.decision(), true));
          return a;
        });
  }

  /** A page of assignments and the cursor of the next page, if there may be one. */
  public record Page(List<Assignment> assignments, Optional<PageCursor> next) {}

  /** The case's assignments in force, oldest first, a page at a time. */
  public Page list(
      Actor actor, Purpose purpose, String caseId, Optional<PageCursor> after, int limit) {
    Instant now = clock.instant();
    Allowed ok = allow(actor, purpose, caseId, "list assignments");
    return db.inTransaction(
        tx -> {
          audit.append(tx, ok.draft().displayed(Display.METADATA).build(now, ok.decision(), true));
          List<Assignment> rows = store.inForce(tx, caseId, after, limit);
          Optional<PageCursor> next =
              rows.size() < limit
                  ? Optional.empty()
                  : Optional.of(
                      new PageCursor(
                          rows.get(rows.size() - 1).assignedAt(), rows.get(rows.size() - 1).id()));
          return new Page(rows, next);
        });
  }

  /** Revokes an assignment of the case; the access it gave ends with this request. */
  public Assignment revoke(Actor actor, Purpose purpose, String caseId, String assignmentId) {
    Instant now = clock.instant();
    Allowed ok = allow(actor, purpose, caseId, "revoke assignment");
    if (!Ids.looksLike("g", assignmentId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such assignment");
    }
    return db.inTransaction(
        tx -> {
          Assignment a =
              store
                  .find(tx, assignmentId)
                  .filter(found -> found.caseId().equals(caseId))
                  .orElseThrow(
                      () -> new GatewayException(ProblemType.NOT_FOUND, "no such assignment"));
          if (!store.revoke(tx, assignmentId, actor.subject(), now)) {
            throw new GatewayException(ProblemType.CONFLICT, "the assignment is already revoked");
          }
          audit.append(tx, ok.draft().build(now, ok.decision(), true));
          return store.find(tx, a.id()).orElseThrow();
        });
  }
}
