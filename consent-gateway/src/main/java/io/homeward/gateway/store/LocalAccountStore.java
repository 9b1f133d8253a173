package io.homeward.gateway.store;

import io.homeward.gateway.domain.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Local accounts: rows of {@code accounts} with a username (V8). In the caller's transaction. */
@ApplicationScoped
public class LocalAccountStore {
  private static final String COLUMNS =
      "subject, username, role, organisation_id, password_hash, totp_secret_sealed,"
          + " totp_pending_sealed, totp_last_step, failed_sign_ins, locked, must_change_password,"
          + " locale, created_at";

  /** The SQLState of a unique constraint violation (PostgreSQL and H2). */
  public static final String UNIQUE_VIOLATION = "23505";

  /**
   * Inserts a new account; a username already taken fails with {@link #UNIQUE_VIOLATION} (the
   * unique index decides under concurrency).
   */
  public void insert(
      Connection tx,
      String subject,
      String username,
      Role role,
      String organisation,
      String passwordHash,
      boolean mustChangePassword,
      Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into accounts (subject, username, role, organisation_id, password_hash,"
                + " must_change_password, created_at, updated_at) values (?,?,?,?,?,?,?,?)")) {
      ps.setString(1, subject);
      ps.setString(2, username);
      ps.setString(3, role.name());
      ps.setString(4, organisation);
      ps.setString(5, passwordHash);
      ps.setBoolean(6, mustChangePassword);
      ps.setTimestamp(7, Sql.ts(now));
      ps.setTimestamp(8, Sql.ts(now));
      ps.executeUpdate();
    }
  }

  public Optional<LocalAccount> byUsername(Connection tx, String username) throws SQLException {
    return one(tx, "select " + COLUMNS + " from accounts where username = ?", username, false);
  }

  public Optional<LocalAccount> bySubject(Connection tx, String subject) throws SQLException {
    return one(
        tx,
        "select " + COLUMNS + " from accounts where subject = ? and username is not null",
        subject,
        false);
  }

  /** The account, its row locked until the transaction ends (serialises sign-ins per account). */
  public Optional<LocalAccount> bySubjectForUpdate(Connection tx, String subject)
      throws SQLException {
    return one(
        tx,
        "select " + COLUMNS + " from accounts where subject = ? and username is not null",
        subject,
        true);
  }

  /** Whether any local account exists (the first-administrator setup is open only before). */
  public boolean anyExists(Connection tx) throws SQLException {
    try (PreparedStatement ps =
            tx.prepareStatement("select count(*) from accounts where username is not null");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  /** A page of accounts in username order, after {@code afterUsername} (exclusive) if given. */
  public List<LocalAccount> page(Connection tx, String afterUsername, int limit)
      throws SQLException {
    String sql =
        "select "
            + COLUMNS
            + " from accounts where username is not null"
            + (afterUsername == null ? "" : " and username > ?")
            + " order by username limit ?";
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      int i = 1;
      if (afterUsername != null) {
        ps.setString(i++, afterUsername);
      }
      ps.setInt(i, limit);
      List<LocalAccount> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  /** Counts a failed sign-in and returns the count after it. */
  public int countFailure(Connection tx, String subject) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update accounts set failed_sign_ins = failed_sign_ins + 1 where subject = ?")) {
      ps.setString(1, subject);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        tx.prepareStatement("select failed_sign_ins from accounts where subject = ?")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  public void resetFailures(Connection tx, String subject) throws SQLException {
    update(tx, "update accounts set failed_sign_ins = 0 where subject = ?", subject);
  }

  /** Records the time step of an accepted TOTP code. */
  public void useTotpStep(Connection tx, String subject, long step) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("update accounts set totp_last_step = ? where subject = ?")) {
      ps.setLong(1, step);
      ps.setString(2, subject);
      ps.executeUpdate();
    }
  }

  public void setPassword(
      Connection tx, String subject, String passwordHash, boolean mustChange, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update accounts set password_hash = ?, must_change_password = ?, updated_at = ?"
                + " where subject = ?")) {
      ps.setString(1, passwordHash);
      ps.setBoolean(2, mustChange);
      ps.setTimestamp(3, Sql.ts(now));
      ps.setString(4, subject);
      ps.executeUpdate();
    }
  }

  /** Stores a TOTP secret being enrolled (replacing any earlier one not confirmed). */
  public void setPendingTotp(Connection tx, String subject, byte[] sealed, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update accounts set totp_pending_sealed = ?, updated_at = ? where subject = ?")) {
      ps.setBytes(1, sealed);
      ps.setTimestamp(2, Sql.ts(now));
      ps.setString(3, subject);
      ps.executeUpdate();
    }
  }

  /** The enrolment is confirmed: the pending secret becomes the account's second factor. */
  public void confirmTotp(Connection tx, String subject, byte[] sealed, long step, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update accounts set totp_secret_sealed = ?, totp_pending_sealed = null,"
                + " totp_last_step = ?, updated_at = ? where subject = ?")) {
      ps.setBytes(1, sealed);
      ps.setLong(2, step);
      ps.setTimestamp(3, Sql.ts(now));
      ps.setString(4, subject);
      ps.executeUpdate();
    }
  }

  public void setLocale(Connection tx, String subject, String locale, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("update accounts set locale = ?, updated_at = ? where subject = ?")) {
      ps.setString(1, locale);
      ps.setTimestamp(2, Sql.ts(now));
      ps.setString(3, subject);
      ps.executeUpdate();
    }
  }

  private static void update(Connection tx, String sql, String subject) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      ps.setString(1, subject);
      ps.executeUpdate();
    }
  }

  private static Optional<LocalAccount> one(
      Connection tx, String sql, String key, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(forUpdate ? sql + " for update" : sql)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static LocalAccount read(ResultSet rs) throws SQLException {
    long step = rs.getLong("totp_last_step");
    Long lastStep = rs.wasNull() ? null : step;
    return new LocalAccount(
        rs.getString("subject"),
        rs.getString("username"),
        Role.valueOf(rs.getString("role")),
        rs.getString("organisation_id"),
        rs.getString("password_hash"),
        rs.getBytes("totp_secret_sealed"),
        rs.getBytes("totp_pending_sealed"),
        lastStep,
        rs.getInt("failed_sign_ins"),
        rs.getBoolean("locked"),
        rs.getBoolean("must_change_password"),
        rs.getString("locale"),
        Sql.instant(rs, "created_at"));
  }
}
