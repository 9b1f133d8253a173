package io.homeward.gateway.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a privacy officer asks of the audit log: records newest first, filtered, a page at a time
 * (keyset on the sequence number: records appended while paging never shift a page), within a scope
 * the caller's rules decide.
 *
 * @param filters what the records must match
 * @param beforeSeq only records with a smaller sequence number (the next page's cursor)
 * @param limit at most this many records (1 to {@link AuditReader#MAX_PAGE})
 * @param scope the records the caller may see at all, as a SQL predicate over the record's columns
 *     (table alias {@code ar})
 */
public record AuditQuery(Filters filters, Optional<Long> beforeSeq, int limit, Scope scope) {
  /** The table alias a {@link Scope}'s SQL names the record by. */
  public static final String ALIAS = "ar";

  public AuditQuery {
    Objects.requireNonNull(filters, "filters");
    Objects.requireNonNull(beforeSeq, "beforeSeq");
    Objects.requireNonNull(scope, "scope");
    if (limit < 1 || limit > AuditReader.MAX_PAGE) {
      throw new IllegalArgumentException("limit must be 1 to " + AuditReader.MAX_PAGE);
    }
  }

  /** The decision recorded. */
  public enum Decision {
    ALLOWED,
    DENIED
  }

  /**
   * Filters; an empty one matches every record.
   *
   * @param actorId who acted (token subject)
   * @param organisation the actor's organisation
   * @param caseId the case the record names
   * @param action what was done
   * @param decision allowed or denied
   * @param from at or after this time
   * @param to before this time
   */
  public record Filters(
      Optional<String> actorId,
      Optional<String> organisation,
      Optional<String> caseId,
      Optional<AuditAction> action,
      Optional<Decision> decision,
      Optional<Instant> from,
      Optional<Instant> to) {
    public static Filters none() {
      return new Filters(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }

    /** The names of the filters in use (never their values: those may be personal). */
    public List<String> used() {
      List<String> names = new ArrayList<>();
      actorId.ifPresent(v -> names.add("actor"));
      organisation.ifPresent(v -> names.add("organisation"));
      caseId.ifPresent(v -> names.add("case"));
      action.ifPresent(v -> names.add("action"));
      decision.ifPresent(v -> names.add("decision"));
      from.ifPresent(v -> names.add("from"));
      to.ifPresent(v -> names.add("to"));
      return names;
    }
  }

  /** A SQL boolean expression over {@code audit_records ar} and the binding of its parameters. */
  public interface Scope {
    String sql();

    /** Binds the parameters from {@code index} on; returns the next free index. */
    int bind(PreparedStatement ps, int index) throws SQLException;
  }
}
