package io.homeward.gateway.access;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.ReviewItem;
import io.homeward.gateway.store.ReviewStore;
import io.homeward.gateway.store.SubjectRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that decides whether an actor may reach a case, a photo or a review item (issue 11,
 * threat "an insider looking up a neighbour"). It reads the facts from the database (who registered
 * the case, the assignments in force, what was shown as a candidate), asks the policy ({@code
 * ACCESS_*} in {@code policy/50-scope.cedar}) and, when a scope policy refuses, audits the attempt
 * with the deciding policy ids and answers exactly as for an unknown id. An unknown id is left to
 * the endpoint, which answers it as before; a refusal for another reason (a locked account) is left
 * to the action's own check, which refuses it as before.
 */
@ApplicationScoped
public class Scope {
  private static final String SCOPE_POLICY_PREFIX = "scope-";

  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final ReviewStore reviews;
  private final AccountStore accounts;
  private final AssignmentStore assignments;
  private final Guard guard;
  private final AuditLog audit;
  private final Clock clock;

  public Scope(
      Database db,
      CaseStore cases,
      PhotoStore photos,
      ReviewStore reviews,
      AccountStore accounts,
      AssignmentStore assignments,
      Guard guard,
      AuditLog audit,
      Clock clock) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.reviews = reviews;
    this.accounts = accounts;
    this.assignments = assignments;
    this.guard = guard;
    this.audit = audit;
    this.clock = clock;
  }

  /** Where a case stands to the actor (no candidate facts: a case is never reached as one). */
  public PolicyRequest.AccessFacts caseAccess(Connection tx, Actor actor, CaseRecord c)
      throws SQLException {
    return new PolicyRequest.AccessFacts(
        c.organisation().equals(actor.organisation()), assigned(tx, actor, c.id()), false);
  }

  private boolean assigned(Connection tx, Actor actor, String caseId) throws SQLException {
    if (!ScopeSql.assignable(actor.actingAs())) {
      return false;
    }
    ScopeSql.Predicate assigned = ScopeSql.assigned("c0.id", actor);
    return assignments.exists(
        tx, "select 1 from cases c0 where c0.id = ? and " + assigned.sql(), assigned, caseId);
  }

  /** Refuses (404 {@code no such case}, audited) a case outside the actor's reach. */
  public void requireCase(Actor actor, Purpose purpose, String caseId) {
    if (!Ids.looksLike("c", caseId)) {
      return;
    }
    Optional<Target> target =
        db.inTransaction(
            tx -> {
              Optional<CaseRecord> c = cases.find(tx, caseId);
              if (c.isEmpty()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Target(c.get(), cases.subject(tx, caseId), caseAccess(tx, actor, c.get())));
            });
    target.ifPresent(
        t ->
            decide(
                actor,
                purpose,
                Action.ACCESS_CASE,
                t,
                "no such case",
                new AuditDraft(actor, AuditAction.VIEW, purpose)));
  }

  /**
   * Refuses (404 {@code no such review item}, audited) an item neither of whose cases is within the
   * actor's reach.
   */
  public void requireReview(Actor actor, Purpose purpose, String reviewId) {
    if (!Ids.looksLike("r", reviewId)) {
      return;
    }
    Optional<Target> target =
        db.inTransaction(
            tx -> {
              Optional<ReviewItem> item = reviews.find(tx, reviewId, false);
              if (item.isEmpty()) {
                return Optional.empty();
              }
              CaseRecord missing = cases.find(tx, item.get().missingCaseId()).orElse(null);
              CaseRecord found = cases.find(tx, item.get().foundCaseId()).orElse(null);
              if (missing == null || found == null) {
                return Optional.empty();
              }
              PolicyRequest.AccessFacts m = caseAccess(tx, actor, missing);
              PolicyRequest.AccessFacts f = caseAccess(tx, actor, found);
              return Optional.of(
                  new Target(
                      missing,
                      cases.subject(tx, missing.id()),
                      new PolicyRequest.AccessFacts(
                          m.party() || f.party(), m.assigned() || f.assigned(), false)));
            });
    target.ifPresent(
        t ->
            decide(
                actor,
                purpose,
                Action.ACCESS_REVIEW,
                t,
                "no such review item",
                new AuditDraft(actor, AuditAction.VERIFY, purpose).candidate(reviewId)));
  }

  /**
   * Refuses (404 {@code no such photo}, audited) a photo whose case is outside the actor's reach
   * and that is not the candidate side of a review item or search result of a case within it. A
   * protected person's photo refused this way also alerts the protection officer (rule 14).
   */
  public void requirePhoto(Actor actor, Purpose purpose, String photoId) {
    if (!Ids.looksLike("p", photoId)) {
      return;
    }
    Optional<Target> target =
        db.inTransaction(
            tx -> {
              Optional<PhotoRecord> p = photos.find(tx, photoId);
              if (p.isEmpty() || p.get().caseId() == null) {
                return Optional.empty();
              }
              CaseRecord c = cases.find(tx, p.get().caseId()).orElse(null);
              if (c == null) {
                return Optional.empty();
              }
              PolicyRequest.AccessFacts own = caseAccess(tx, actor, c);
              boolean candidate = !own.reachesCase() && candidateOfVisibleCase(tx, actor, p.get());
              return Optional.of(
                  new Target(
                      c,
                      cases.subject(tx, c.id()),
                      new PolicyRequest.AccessFacts(own.party(), own.assigned(), candidate)));
            });
    target.ifPresent(
        t ->
            decide(
                actor,
                purpose,
                Action.ACCESS_PHOTO,
                t,
                "no such photo",
                new AuditDraft(actor, AuditAction.VIEW, purpose).candidate(photoId)));
  }

  /**
   * Whether the photo is the candidate side of a review item (not held for the protection officer),
   * or was shown by a search, of a case within the actor's reach.
   */
  private boolean candidateOfVisibleCase(Connection tx, Actor actor, PhotoRecord p)
      throws SQLException {
    ScopeSql.Predicate missingSide = ScopeSql.caseInReach("r.missing_case_id", actor);
    ScopeSql.Predicate foundSide = ScopeSql.caseInReach("r.found_case_id", actor);
    boolean asFound =
        assignments.exists(
            tx,
            "select 1 from review_items r where r.found_face_id = ? and r.status <> ? and "
                + missingSide.sql(),
            missingSide,
            p.faceId(),
            ReviewStore.PROTECTED_HOLD);
    if (asFound) {
      return true;
    }
    boolean asMissing =
        assignments.exists(
            tx,
            "select 1 from review_items r where r.missing_face_id = ? and r.status <> ? and "
                + foundSide.sql(),
            foundSide,
            p.faceId(),
            ReviewStore.PROTECTED_HOLD);
    if (asMissing) {
      return true;
    }
    ScopeSql.Predicate searched = ScopeSql.caseInReach("d.case_id", actor);
    return assignments.exists(
        tx,
        "select 1 from search_disclosures d where d.photo_id = ? and " + searched.sql(),
        searched,
        p.id());
  }

  /**
   * Records the candidate photos a case's search showed, so that they may be shown (redacted as the
   * search showed them) to whoever may reach that case.
   */
  public void rememberCandidates(String caseId, List<String> photoIds) {
    List<String> shown = photoIds.stream().filter(Objects::nonNull).distinct().toList();
    if (shown.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    try {
      db.inTransaction(
          tx -> {
            assignments.disclose(tx, caseId, shown, now);
            return null;
          });
    } catch (RuntimeException raced) {
      // Two searches of one case recorded the same pair at once: the second pass finds it stored.
      db.inTransaction(
          tx -> {
            assignments.disclose(tx, caseId, shown, now);
            return null;
          });
    }
  }

  private record Target(
      CaseRecord record, SubjectRecord subject, PolicyRequest.AccessFacts access) {}

  private void decide(
      Actor actor, Purpose purpose, Action action, Target t, String notFound, AuditDraft draft) {
    PolicyDecision decision =
        guard.ask(
            PolicyRequest.of(actor, action)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(t.record(), actor, Optional.empty()))
                .access(t.access())
                .build());
    if (decision.allowed() || !refusedByScope(decision)) {
      return;
    }
    Instant now = clock.instant();
    boolean protectedPhoto = action == Action.ACCESS_PHOTO && t.subject().protectedPerson();
    db.inTransaction(
        tx -> {
          if (protectedPhoto) {
            accounts.raiseAlert(tx, "PROTECTED_PERSON_VIEW", actor.subject(), t.record().id(), now);
          }
          audit.append(
              tx,
              draft
                  .caseId(t.record().id())
                  .subject(t.subject().id())
                  .displayed(Display.NONE)
                  .detail("out of scope: " + action.name())
                  .build(now, decision, false));
          return null;
        });
    throw new GatewayException(ProblemType.NOT_FOUND, notFound);
  }

  private static boolean refusedByScope(PolicyDecision decision) {
    return decision.policyIds().stream().anyMatch(id -> id.startsWith(SCOPE_POLICY_PREFIX));
  }
}
