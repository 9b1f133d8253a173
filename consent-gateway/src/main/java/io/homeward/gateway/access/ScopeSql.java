package io.homeward.gateway.access;

import io.homeward.gateway.audit.AuditQuery;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.store.ReviewStore.ScopePredicate;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The scope rules of {@code policy/50-scope.cedar} as SQL predicates, so that lists are filtered in
 * their query (never after it, where a limit would already have counted other organisations' rows).
 * Every predicate binds its values as parameters; column names come only from this code.
 */
public final class ScopeSql {
  private ScopeSql() {}

  /** A SQL boolean expression and the values of its parameters, in order. */
  public record Predicate(String sql, List<String> params)
      implements ScopePredicate, AuditQuery.Scope {
    public Predicate {
      params = List.copyOf(params);
    }

    @Override
    public int bind(PreparedStatement ps, int index) throws SQLException {
      int i = index;
      for (String p : params) {
        ps.setString(i++, p);
      }
      return i;
    }

    public Predicate or(Predicate other) {
      List<String> all = new ArrayList<>(params);
      all.addAll(other.params);
      return new Predicate("(" + sql + " or " + other.sql + ")", all);
    }
  }

  /** Whether an assignment can extend this role's reach (examiners and police; never NGO staff). */
  public static boolean assignable(Role role) {
    return role == Role.POLICE_INVESTIGATOR || role == Role.FACE_EXAMINER;
  }

  /** The case whose id is in {@code caseColumn} was registered by the actor's organisation. */
  public static Predicate party(String caseColumn, Actor actor) {
    return new Predicate(
        "exists (select 1 from cases sc where sc.id = "
            + caseColumn
            + " and sc.organisation_id = ?)",
        List.of(actor.organisation()));
  }

  /**
   * An assignment in force gives the case in {@code caseColumn} to the actor's organisation in the
   * acting role (to all its users in that role, or to the actor by name). Never true for NGO roles.
   */
  public static Predicate assigned(String caseColumn, Actor actor) {
    if (!assignable(actor.actingAs())) {
      return new Predicate("1 = 0", List.of());
    }
    return new Predicate(
        "exists (select 1 from case_assignments sa where sa.case_id = "
            + caseColumn
            + " and sa.revoked_at is null and sa.assignee_organisation = ? and sa.role = ?"
            + " and (sa.assignee_subject is null or sa.assignee_subject = ?))",
        List.of(actor.organisation(), actor.actingAs().name(), actor.subject()));
  }

  /** The case in {@code caseColumn} is within the actor's reach: party or assigned. */
  public static Predicate caseInReach(String caseColumn, Actor actor) {
    return party(caseColumn, actor).or(assigned(caseColumn, actor));
  }

  /**
   * An audit record (the table {@code audit_records} under the alias {@link AuditQuery#ALIAS})
   * concerns the privacy officer's organisation: one of its users acted (the record's organisation
   * is the actor's), or the record names one of its cases or a review item with one of its cases.
   * PRIVACY.md "Audit record" and "Roles": a privacy officer audits their own organisation, so the
   * actions another organisation's users took on that organisation's own cases are not shown (its
   * own privacy officer sees them); an assigned examiner's or police officer's work on this
   * organisation's case is shown to both organisations' officers.
   */
  public static Predicate auditRecordOfOrganisation(String organisation) {
    return new Predicate(
        ("(A.organisation = ?"
                + " or exists (select 1 from cases sc where sc.id = A.case_id and"
                + " sc.organisation_id = ?)"
                + " or exists (select 1 from review_items sr join cases sc on sc.id ="
                + " sr.missing_case_id or sc.id = sr.found_case_id where sr.id = A.case_id and"
                + " sc.organisation_id = ?))")
            .replace("A.", AuditQuery.ALIAS + "."),
        List.of(organisation, organisation, organisation));
  }

  /**
   * An alert (the table {@code alerts} under the alias {@code alias}) concerns the privacy
   * officer's organisation: its case (or a review item with one of its cases), or one of its users'
   * accounts. An alert that names no case and no account the gateway knows the organisation of
   * cannot be placed: it is shown to every privacy officer (no alert the gateway raises is such; a
   * case or a known account always places it).
   */
  public static Predicate alertOfOrganisation(String alias, String organisation) {
    return new Predicate(
        ("(exists (select 1 from cases sc where sc.id = A.case_id and sc.organisation_id = ?)"
                + " or exists (select 1 from review_items sr join cases sc on sc.id ="
                + " sr.missing_case_id or sc.id = sr.found_case_id where sr.id = A.case_id and"
                + " sc.organisation_id = ?)"
                + " or exists (select 1 from accounts su where su.subject = A.about and"
                + " su.organisation_id = ?)"
                + " or (A.case_id is null and not exists (select 1 from accounts su where"
                + " su.subject = A.about)))")
            .replace("A.", alias + "."),
        List.of(organisation, organisation, organisation));
  }
}
