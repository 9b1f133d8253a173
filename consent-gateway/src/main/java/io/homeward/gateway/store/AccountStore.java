package io.homeward.gateway.store;

import io.homeward.gateway.domain.AlertKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Account locks and flags and silent alerts (usage counters: {@link UsageStore}). In the caller's
 * transaction.
 */
@ApplicationScoped
public class AccountStore {

  public boolean isLocked(Connection tx, String subject) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("select locked from accounts where subject = ?")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private void ensure(Connection tx, String subject, String organisation) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("select count(*) from accounts where subject = ?")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return;
        }
      }
    }
    try (PreparedStatement ps =
        tx.prepareStatement("insert into accounts (subject, organisation_id) values (?, ?)")) {
      ps.setString(1, subject);
      ps.setString(2, organisation);
      ps.executeUpdate();
    }
  }

  public void lock(Connection tx, String subject, String organisation, String reason, Instant now)
      throws SQLException {
    ensure(tx, subject, organisation);
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update accounts set locked = true, locked_at = ?, lock_reason = ? where subject = ?")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setString(2, reason);
      ps.setString(3, subject);
      ps.executeUpdate();
    }
  }

  public boolean unlock(Connection tx, String subject, String by, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update accounts set locked = false, failed_sign_ins = 0, unlocked_by = ?, unlocked_at = ? where subject ="
                + " ? and locked = true")) {
      ps.setString(1, by);
      ps.setTimestamp(2, Sql.ts(now));
      ps.setString(3, subject);
      return ps.executeUpdate() == 1;
    }
  }

  public void flag(Connection tx, String subject, String organisation, String reason)
      throws SQLException {
    ensure(tx, subject, organisation);
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update accounts set flagged = true, flag_reason = ? where subject = ?")) {
      ps.setString(1, reason);
      ps.setString(2, subject);
      ps.executeUpdate();
    }
  }

  /**
   * Raises a silent alert.
   *
   * @param kind an {@link AlertKind} name (checked: the API documents and filters by that list)
   */
  public void raiseAlert(Connection tx, String kind, String about, String caseId, Instant now)
      throws SQLException {
    AlertKind.valueOf(kind);
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into alerts (id, kind, about, case_id, raised_at) values (?,?,?,?,?)")) {
      ps.setString(1, Ids.newId("a"));
      ps.setString(2, kind);
      ps.setString(3, about);
      ps.setString(4, caseId);
      ps.setTimestamp(5, Sql.ts(now));
      ps.executeUpdate();
    }
  }

  public int alertCount(Connection tx, String kind, String about) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("select count(*) from alerts where kind = ? and about = ?")) {
      ps.setString(1, kind);
      ps.setString(2, about);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
