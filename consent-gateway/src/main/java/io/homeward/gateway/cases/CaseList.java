package io.homeward.gateway.cases;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.ScopeSql;
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
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.PageCursor;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.SubjectRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The cases within the caller's reach, newest first, a page at a time: ids, sides, statuses and
 * dates only (a case's subject is read one case at a time, {@link CaseService#read}). Filtered by
 * scope in the query ({@link ScopeSql#caseInReach}); each page read is audited.
 */
@ApplicationScoped
public class CaseList {
  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final Guard guard;
  private final AuditLog audit;
  private final Clock clock;

  public CaseList(
      Database db, CaseStore cases, PhotoStore photos, Guard guard, AuditLog audit, Clock clock) {
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.guard = guard;
    this.audit = audit;
    this.clock = clock;
  }

  /** A page of cases and the cursor of the next page, if there may be one. */
  public record Page(List<CaseRecord> cases, Optional<PageCursor> next) {}

  public Page list(
      Actor actor,
      Purpose purpose,
      CaseStore.CaseFilter filter,
      Optional<PageCursor> after,
      int limit) {
    Instant now = clock.instant();
    AuditDraft draft = new AuditDraft(actor, AuditAction.VIEW, purpose).displayed(Display.METADATA);
    PolicyDecision decision =
        guard.require(PolicyRequest.of(actor, Action.LIST_CASES).purpose(purpose).build(), draft);
    return db.inTransaction(
        tx -> {
          List<CaseRecord> rows =
              cases.list(tx, filter, ScopeSql.caseInReach("c.id", actor), after, limit);
          audit.append(
              tx,
              draft.detail("cases listed; returned: " + rows.size()).build(now, decision, true));
          Optional<PageCursor> next =
              rows.size() < limit
                  ? Optional.empty()
                  : Optional.of(
                      new PageCursor(
                          rows.get(rows.size() - 1).createdAt(), rows.get(rows.size() - 1).id()));
          return new Page(rows, next);
        });
  }

  /** A page of a case's photos (their metadata) and the cursor of the next page. */
  public record PhotoPage(List<PhotoRecord> photos, Optional<PageCursor> next) {}

  /**
   * A page of the photos of a case the caller may read ({@code READ_CASE}, as for the case itself,
   * whose scope the caller has checked), oldest first; audited as a metadata view of the case.
   */
  public PhotoPage photos(
      Actor actor, Purpose purpose, String caseId, Optional<PageCursor> after, int limit) {
    Instant now = clock.instant();
    if (!Ids.looksLike("c", caseId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such case");
    }
    CaseRecord c =
        db.inTransaction(
            tx ->
                cases
                    .find(tx, caseId)
                    .orElseThrow(
                        () -> new GatewayException(ProblemType.NOT_FOUND, "no such case")));
    SubjectRecord s = db.inTransaction(tx -> cases.subject(tx, caseId));
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .caseId(caseId)
            .subject(s.id())
            .displayed(Display.METADATA);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.READ_CASE)
                .purpose(purpose)
                .caseFacts(PolicyFacts.caseFacts(c, actor, Optional.empty()))
                .subject(PolicyFacts.subjectNow(s, now))
                .build(),
            draft);
    return db.inTransaction(
        tx -> {
          List<PhotoRecord> rows = photos.liveByCase(tx, caseId, after, limit);
          audit.append(
              tx,
              draft.detail("photos listed; returned: " + rows.size()).build(now, decision, true));
          Optional<PageCursor> next =
              rows.size() < limit
                  ? Optional.empty()
                  : Optional.of(
                      new PageCursor(
                          rows.get(rows.size() - 1).createdAt(), rows.get(rows.size() - 1).id()));
          return new PhotoPage(rows, next);
        });
  }
}
