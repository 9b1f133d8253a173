package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** The one-time setup token (V8), by its hash. In the caller's transaction. */
@ApplicationScoped
public class SetupTokenStore {

  /** Replaces every earlier token not used: only the newest link works. */
  public void replace(Connection tx, String tokenHash, Instant now, Instant expiresAt)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("delete from setup_tokens where used_at is null")) {
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into setup_tokens (token_hash, created_at, expires_at) values (?,?,?)")) {
      ps.setString(1, tokenHash);
      ps.setTimestamp(2, Sql.ts(now));
      ps.setTimestamp(3, Sql.ts(expiresAt));
      ps.executeUpdate();
    }
  }

  /**
   * Uses the token: true for exactly one caller while it is unused and unexpired (the row lock
   * serialises parallel callers, and the second finds it used).
   */
  public boolean use(Connection tx, String tokenHash, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update setup_tokens set used_at = ? where token_hash = ? and used_at is null and"
                + " expires_at > ?")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setString(2, tokenHash);
      ps.setTimestamp(3, Sql.ts(now));
      return ps.executeUpdate() == 1;
    }
  }
}
