package io.homeward.gateway.access;

import io.homeward.gateway.domain.Role;
import io.homeward.gateway.store.PageCursor;
import io.homeward.gateway.store.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Case assignments and search disclosures. Every method runs in the caller's transaction. */
@ApplicationScoped
public class AssignmentStore {

  public void insert(Connection tx, Assignment a) throws SQLException {
    Sql.update(
        tx,
        "insert into case_assignments (id, case_id, assignee_organisation, assignee_subject,"
            + " role, assigned_by, assigned_at) values (?,?,?,?,?,?,?)",
        p ->
            p.string(a.id())
                .string(a.caseId())
                .string(a.organisation())
                .string(a.subject())
                .name(a.role())
                .string(a.assignedBy())
                .timestamp(a.assignedAt()));
  }

  /** The case's assignments in force, oldest first. */
  public List<Assignment> inForce(Connection tx, String caseId) throws SQLException {
    return Sql.query(
        tx,
        "select * from case_assignments where case_id = ? and revoked_at is null"
            + " order by assigned_at, id",
        p -> p.string(caseId),
        AssignmentStore::assignment);
  }

  /**
   * A page of the case's assignments in force, oldest first, after the cursor (keyset on the time
   * assigned and the id).
   */
  public List<Assignment> inForce(
      Connection tx, String caseId, Optional<PageCursor> after, int limit) throws SQLException {
    String page = after.isEmpty() ? "" : " and (assigned_at > ? or (assigned_at = ? and id > ?))";
    return Sql.query(
        tx,
        "select * from case_assignments where case_id = ? and revoked_at is null"
            + page
            + " order by assigned_at, id limit ?",
        p -> {
          p.string(caseId);
          if (after.isPresent()) {
            p.timestamp(after.get().at()).timestamp(after.get().at()).string(after.get().id());
          }
          p.integer(limit);
        },
        AssignmentStore::assignment);
  }

  public Optional<Assignment> find(Connection tx, String id) throws SQLException {
    return Sql.one(
        tx,
        "select * from case_assignments where id = ?",
        p -> p.string(id),
        AssignmentStore::assignment);
  }

  /** Revokes an assignment in force; returns false when it was already revoked. */
  public boolean revoke(Connection tx, String id, String by, Instant now) throws SQLException {
    return Sql.update(
            tx,
            "update case_assignments set revoked_by = ?, revoked_at = ? where id = ? and"
                + " revoked_at is null",
            p -> p.string(by).timestamp(now).string(id))
        == 1;
  }

  /**
   * Records that a case's search showed these candidate photos (an existing pair is left as it is).
   */
  public void disclose(Connection tx, String caseId, List<String> photoIds, Instant now)
      throws SQLException {
    Sql.updateEach(
        tx,
        "insert into search_disclosures (case_id, photo_id, disclosed_at) select ?, ?, ?"
            + " where not exists (select 1 from search_disclosures where case_id = ? and"
            + " photo_id = ?)",
        photoIds,
        (p, photoId) ->
            p.string(caseId).string(photoId).timestamp(now).string(caseId).string(photoId));
  }

  /** Whether a predicate over one bound value holds (the scope queries of {@link Scope}). */
  boolean exists(Connection tx, String sql, ScopeSql.Predicate predicate, Object... leading)
      throws SQLException {
    return Sql.exists(tx, sql, p -> p.objects(Arrays.asList(leading)).with(predicate::bind));
  }

  /** The organisation of a known account, if the gateway has a row for it. */
  public Optional<String> accountOrganisation(Connection tx, String subject) throws SQLException {
    return Sql.one(
            tx,
            "select organisation_id from accounts where subject = ?",
            p -> p.string(subject),
            rs -> Optional.ofNullable(rs.getString(1)))
        .flatMap(o -> o);
  }

  private static Assignment assignment(ResultSet rs) throws SQLException {
    return new Assignment(
        rs.getString("id"),
        rs.getString("case_id"),
        rs.getString("assignee_organisation"),
        rs.getString("assignee_subject"),
        Role.valueOf(rs.getString("role")),
        rs.getString("assigned_by"),
        Sql.instant(rs, "assigned_at"),
        rs.getString("revoked_by"),
        Sql.instant(rs, "revoked_at"));
  }
}
