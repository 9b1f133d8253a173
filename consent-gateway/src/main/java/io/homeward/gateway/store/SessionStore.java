package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Browser sessions (V8), by the hash of their id. In the caller's transaction. */
@ApplicationScoped
public class SessionStore {

  public void insert(Connection tx, BrowserSession s) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into browser_sessions (id_hash, subject, csrf_hash, auth_method, created_at,"
                + " last_seen_at) values (?,?,?,?,?,?)")) {
      ps.setString(1, s.idHash());
      ps.setString(2, s.subject());
      ps.setString(3, s.csrfHash());
      ps.setString(4, s.authMethod());
      ps.setTimestamp(5, Sql.ts(s.createdAt()));
      ps.setTimestamp(6, Sql.ts(s.lastSeenAt()));
      ps.executeUpdate();
    }
  }

  public Optional<BrowserSession> find(Connection tx, String idHash) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select id_hash, subject, csrf_hash, auth_method, created_at, last_seen_at, ended_at"
                + " from browser_sessions where id_hash = ?")) {
      ps.setString(1, idHash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new BrowserSession(
                rs.getString("id_hash"),
                rs.getString("subject"),
                rs.getString("csrf_hash"),
                rs.getString("auth_method"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "last_seen_at"),
                Sql.instant(rs, "ended_at")));
      }
    }
  }

  /** Marks the session seen now (only while it is open). */
  public void touch(Connection tx, String idHash, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update browser_sessions set last_seen_at = ? where id_hash = ? and ended_at is null"
                + " and last_seen_at < ?")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setString(2, idHash);
      ps.setTimestamp(3, Sql.ts(now));
      ps.executeUpdate();
    }
  }

  public void setAuthMethod(Connection tx, String idHash, String authMethod) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("update browser_sessions set auth_method = ? where id_hash = ?")) {
      ps.setString(1, authMethod);
      ps.setString(2, idHash);
      ps.executeUpdate();
    }
  }

  /** Ends one session; returns whether it was open. */
  public boolean end(Connection tx, String idHash, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update browser_sessions set ended_at = ? where id_hash = ? and ended_at is null")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setString(2, idHash);
      return ps.executeUpdate() == 1;
    }
  }

  /** Ends every open session of an account except one (a password change signs out the rest). */
  public int endOthers(Connection tx, String subject, String keepIdHash, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update browser_sessions set ended_at = ? where subject = ? and id_hash <> ? and"
                + " ended_at is null")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setString(2, subject);
      ps.setString(3, keepIdHash);
      return ps.executeUpdate();
    }
  }

  /**
   * Deletes sessions ended before {@code endedBefore} and sessions begun before {@code begunBefore}
   * (past their lifetime however they ended); returns how many.
   */
  public int purge(Connection tx, Instant endedBefore, Instant begunBefore) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "delete from browser_sessions where (ended_at is not null and ended_at < ?) or"
                + " created_at < ?")) {
      ps.setTimestamp(1, Sql.ts(endedBefore));
      ps.setTimestamp(2, Sql.ts(begunBefore));
      return ps.executeUpdate();
    }
  }
}
