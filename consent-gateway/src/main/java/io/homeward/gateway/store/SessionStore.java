package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Browser sessions (V8), by the hash of their id. In the caller's transaction. */
@ApplicationScoped
public class SessionStore {

  public void insert(Connection tx, BrowserSession s) throws SQLException {
    Sql.update(
        tx,
        "insert into browser_sessions (id_hash, subject, csrf_hash, auth_method, created_at,"
            + " last_seen_at, role, organisation_id) values (?,?,?,?,?,?,?,?)",
        p ->
            p.string(s.idHash())
                .string(s.subject())
                .string(s.csrfHash())
                .string(s.authMethod())
                .timestamp(s.createdAt())
                .timestamp(s.lastSeenAt())
                .string(s.role())
                .string(s.organisation()));
  }

  public Optional<BrowserSession> find(Connection tx, String idHash) throws SQLException {
    return Sql.one(
        tx,
        "select id_hash, subject, csrf_hash, auth_method, created_at, last_seen_at, ended_at,"
            + " role, organisation_id from browser_sessions where id_hash = ?",
        p -> p.string(idHash),
        SessionStore::session);
  }

  private static BrowserSession session(ResultSet rs) throws SQLException {
    return new BrowserSession(
        rs.getString("id_hash"),
        rs.getString("subject"),
        rs.getString("csrf_hash"),
        rs.getString("auth_method"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "last_seen_at"),
        Sql.instant(rs, "ended_at"),
        rs.getString("role"),
        rs.getString("organisation_id"));
  }

  /** Marks the session seen now (only while it is open). */
  public void touch(Connection tx, String idHash, Instant now) throws SQLException {
    Sql.update(
        tx,
        "update browser_sessions set last_seen_at = ? where id_hash = ? and ended_at is null"
            + " and last_seen_at < ?",
        p -> p.timestamp(now).string(idHash).timestamp(now));
  }

  public void setAuthMethod(Connection tx, String idHash, String authMethod) throws SQLException {
    Sql.update(
        tx,
        "update browser_sessions set auth_method = ? where id_hash = ?",
        p -> p.string(authMethod).string(idHash));
  }

  /** Ends one session; returns whether it was open. */
  public boolean end(Connection tx, String idHash, Instant now) throws SQLException {
    return Sql.update(
            tx,
            "update browser_sessions set ended_at = ? where id_hash = ? and ended_at is null",
            p -> p.timestamp(now).string(idHash))
        == 1;
  }

  /** Ends every open session of an account except one (a password change signs out the rest). */
  public int endOthers(Connection tx, String subject, String keepIdHash, Instant now)
      throws SQLException {
    return Sql.update(
        tx,
        "update browser_sessions set ended_at = ? where subject = ? and id_hash <> ? and"
            + " ended_at is null",
        p -> p.timestamp(now).string(subject).string(keepIdHash));
  }

  /**
   * Deletes sessions ended before {@code endedBefore} and sessions begun before {@code begunBefore}
   * (past their lifetime however they ended); returns how many.
   */
  public int purge(Connection tx, Instant endedBefore, Instant begunBefore) throws SQLException {
    return Sql.update(
        tx,
        "delete from browser_sessions where (ended_at is not null and ended_at < ?) or"
            + " created_at < ?",
        p -> p.timestamp(endedBefore).timestamp(begunBefore));
  }
}
