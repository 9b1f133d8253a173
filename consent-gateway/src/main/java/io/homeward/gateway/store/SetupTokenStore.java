package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** The one-time setup token (V8), by its hash. In the caller's transaction. */
@ApplicationScoped
public class SetupTokenStore {

  /** Replaces every earlier token not used: only the newest link works. */
  public void replace(Connection tx, String tokenHash, Instant now, Instant expiresAt)
      throws SQLException {
    Sql.update(tx, "delete from setup_tokens where used_at is null", Sql.NONE);
    Sql.update(
        tx,
        "insert into setup_tokens (token_hash, created_at, expires_at) values (?,?,?)",
        p -> p.string(tokenHash).timestamp(now).timestamp(expiresAt));
  }

  /**
   * Uses the token: true for exactly one caller while it is unused and unexpired (the row lock
   * serialises parallel callers, and the second finds it used).
   */
  public boolean use(Connection tx, String tokenHash, Instant now) throws SQLException {
    return Sql.update(
            tx,
            "update setup_tokens set used_at = ? where token_hash = ? and used_at is null and"
                + " expires_at > ?",
            p -> p.timestamp(now).string(tokenHash).timestamp(now))
        == 1;
  }
}
