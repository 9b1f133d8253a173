package io.homeward.gateway.oversight;

import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.ScopeSql;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.audit.AuditQuery;
import io.homeward.gateway.audit.AuditReader;
import io.homeward.gateway.audit.AuditView;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Privacy officers browse the audit log (PRIVACY.md "Audit record"): newest first, filtered, a page
 * at a time, within their own organisation ({@link ScopeSql#auditRecordOfOrganisation}); personal
 * fields opened where the subject's key exists, tombstones where it was destroyed. The chain's
 * status is {@link Oversight#verifyChain}. Each read is itself audited: which filters were used
 * (never their values) and how many records were returned; when that record cannot be written,
 * nothing is returned (rule 17).
 */
@ApplicationScoped
public class AuditBrowser {
  private final AuditReader reader;
  private final AuditLog audit;
  private final Guard guard;
  private final Clock clock;

  public AuditBrowser(AuditReader reader, AuditLog audit, Guard guard, Clock clock) {
    this.reader = reader;
    this.audit = audit;
    this.guard = guard;
    this.clock = clock;
  }

  /** A page of records and the sequence number the next page starts below, if there may be one. */
  public record Page(List<AuditView> records, Optional<Long> nextBefore) {}

  public Page read(
      Actor actor,
      Purpose purpose,
      AuditQuery.Filters filters,
      Optional<Long> beforeSeq,
      int limit) {
    AuditDraft draft = new AuditDraft(actor, AuditAction.AUDIT_ACCESS, purpose);
    PolicyDecision decision =
        guard.require(
            PolicyRequest.of(actor, Action.READ_AUDIT_RECORDS).purpose(purpose).build(), draft);
    List<AuditView> records =
        reader.find(
            new AuditQuery(
                filters,
                beforeSeq,
                limit,
                ScopeSql.auditRecordOfOrganisation(actor.organisation())));
    List<String> used = filters.used();
    // The case filter is the record's own (non-personal) case field; the other values stay out.
    filters.caseId().ifPresent(draft::caseId);
    audit.append(
        draft
            .detail(
                "audit records read; filters: "
                    + (used.isEmpty() ? "none" : String.join(",", used))
                    + (beforeSeq.isPresent() ? ",cursor" : "")
                    + "; returned: "
                    + records.size())
            .build(clock.instant(), decision, true));
    Optional<Long> next =
        records.size() < limit
            ? Optional.empty()
            : Optional.of(records.get(records.size() - 1).seq());
    return new Page(records, next);
  }
}
