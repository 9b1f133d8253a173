package io.homeward.gateway.access;

import io.homeward.gateway.domain.Role;
import io.homeward.gateway.store.PageCursor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Case assignments and search disclosures. Every method runs in the caller's transaction. */
@ApplicationScoped
public class AssignmentStore {

  public void insert(Connection tx, Assignment a) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into case_assignments (id, case_id, assignee_organisation, assignee_subject,"
                + " role, assigned_by, assigned_at) values (?,?,?,?,?,?,?)")) {
      ps.setString(1, a.id());
      ps.setString(2, a.caseId());
      ps.setString(3, a.organisation());
      ps.setString(4, a.subject());
      ps.setString(5, a.role().name());
      ps.setString(6, a.assignedBy());
      ps.setTimestamp(7, Timestamp.from(a.assignedAt()));
      ps.executeUpdate();
    }
  }

  /** The case's assignments in force, oldest first. */
  public List<Assignment> inForce(Connection tx, String caseId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select * from case_assignments where case_id = ? and revoked_at is null"
                + " order by assigned_at, id")) {
      ps.setString(1, caseId);
      List<Assignment> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(assignment(rs));
        }
      }
      return out;
    }
  }

  /**
   * A page of the case's assignments in force, oldest first, after the cursor (keyset on the time
   * assigned and the id).
   */
  public List<Assignment> inForce(
      Connection tx, String caseId, Optional<PageCursor> after, int limit) throws SQLException {
    String page = after.isEmpty() ? "" : " and (assigned_at > ? or (assigned_at = ? and id > ?))";
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select * from case_assignments where case_id = ? and revoked_at is null"
                + page
                + " order by assigned_at, id limit ?")) {
      int i = 1;
      ps.setString(i++, caseId);
      if (after.isPresent()) {
        Timestamp at = Timestamp.from(after.get().at());
        ps.setTimestamp(i++, at);
        ps.setTimestamp(i++, at);
        ps.setString(i++, after.get().id());
      }
      ps.setInt(i, limit);
      List<Assignment> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(assignment(rs));
        }
      }
      return out;
    }
  }

  public Optional<Assignment> find(Connection tx, String id) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("select * from case_assignments where id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(assignment(rs)) : Optional.empty();
      }
    }
  }

  /** Revokes an assignment in force; returns false when it was already revoked. */
  public boolean revoke(Connection tx, String id, String by, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update case_assignments set revoked_by = ?, revoked_at = ? where id = ? and"
                + " revoked_at is null")) {
      ps.setString(1, by);
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setString(3, id);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Records that a case's search showed these candidate photos (an existing pair is left as it is).
   */
  public void disclose(Connection tx, String caseId, List<String> photoIds, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into search_disclosures (case_id, photo_id, disclosed_at) select ?, ?, ?"
                + " where not exists (select 1 from search_disclosures where case_id = ? and"
                + " photo_id = ?)")) {
      for (String photoId : photoIds) {
        ps.setString(1, caseId);
        ps.setString(2, photoId);
        ps.setTimestamp(3, Timestamp.from(now));
        ps.setString(4, caseId);
        ps.setString(5, photoId);
        ps.executeUpdate();
      }
    }
  }

  /** Whether a predicate over one bound value holds (the scope queries of {@link Scope}). */
  boolean exists(Connection tx, String sql, ScopeSql.Predicate predicate, Object... leading)
      throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      int i = 1;
      for (Object v : leading) {
        ps.setObject(i++, v);
      }
      predicate.bind(ps, i);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The organisation of a known account, if the gateway has a row for it. */
  public Optional<String> accountOrganisation(Connection tx, String subject) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("select organisation_id from accounts where subject = ?")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static Assignment assignment(ResultSet rs) throws SQLException {
    Timestamp revoked = rs.getTimestamp("revoked_at");
    return new Assignment(
        rs.getString("id"),
        rs.getString("case_id"),
        rs.getString("assignee_organisation"),
        rs.getString("assignee_subject"),
        Role.valueOf(rs.getString("role")),
        rs.getString("assigned_by"),
        rs.getTimestamp("assigned_at").toInstant(),
        rs.getString("revoked_by"),
        revoked == null ? null : revoked.toInstant());
  }
}
