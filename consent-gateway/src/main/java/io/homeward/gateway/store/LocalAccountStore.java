package io.homeward.gateway.store;

import io.homeward.gateway.domain.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Local accounts: rows of {@code accounts} with a username (V8). In the caller's transaction. */
@ApplicationScoped
public class LocalAccountStore {
  private static final String COLUMNS =
      "subject, username, role, organisation_id, password_hash, totp_secret_sealed,"
          + " totp_pending_sealed, totp_last_step, failed_sign_ins, locked, must_change_password,"
          + " locale, created_at";

  private static final String BY_SUBJECT =
      "select " + COLUMNS + " from accounts where subject = ? and username is not null";

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
    Sql.update(
        tx,
        "insert into accounts (subject, username, role, organisation_id, password_hash,"
            + " must_change_password, created_at, updated_at) values (?,?,?,?,?,?,?,?)",
        p ->
            p.string(subject)
                .string(username)
                .name(role)
                .string(organisation)
                .string(passwordHash)
                .bool(mustChangePassword)
                .timestamp(now)
                .timestamp(now));
  }

  public Optional<LocalAccount> byUsername(Connection tx, String username) throws SQLException {
    return Sql.one(
        tx,
        "select " + COLUMNS + " from accounts where username = ?",
        p -> p.string(username),
        LocalAccountStore::read);
  }

  public Optional<LocalAccount> bySubject(Connection tx, String subject) throws SQLException {
    return Sql.one(tx, BY_SUBJECT, p -> p.string(subject), LocalAccountStore::read);
  }

  /** The account, its row locked until the transaction ends (serialises sign-ins per account). */
  public Optional<LocalAccount> bySubjectForUpdate(Connection tx, String subject)
      throws SQLException {
    return Sql.one(tx, BY_SUBJECT + " for update", p -> p.string(subject), LocalAccountStore::read);
  }

  /**
   * The account row of a user of the identity provider (a subject without a username), made on the
   * first sign-in like a bearer user's on the first lock: the lock state and language live there.
   * Returns whether the subject is free for such a user ({@code false}: a local account has it).
   */
  public boolean ensureFederated(Connection tx, String subject, String organisation, Instant now)
      throws SQLException {
    Optional<String> username =
        Sql.one(
            tx,
            "select coalesce(username, '') from accounts where subject = ?",
            p -> p.string(subject),
            rs -> rs.getString(1));
    if (username.isPresent()) {
      return username.get().isEmpty();
    }
    Sql.update(
        tx,
        "insert into accounts (subject, organisation_id, created_at) values (?, ?, ?)",
        p -> p.string(subject).string(organisation).timestamp(now));
    return true;
  }

  /**
   * A federated session's account: the session's role and organisation, the row's lock state and
   * language; no password, no second factor (the provider's job). Empty when the row is gone or has
   * become a local account.
   */
  public Optional<LocalAccount> federated(
      Connection tx, String subject, Role role, String organisation) throws SQLException {
    return Sql.one(
        tx,
        "select locked, locale, created_at from accounts where subject = ? and username is null",
        p -> p.string(subject),
        rs ->
            new LocalAccount(
                subject,
                null,
                role,
                organisation,
                null,
                null,
                null,
                null,
                0,
                rs.getBoolean("locked"),
                false,
                rs.getString("locale"),
                Sql.instant(rs, "created_at")));
  }

  /** Whether any local account exists (the first-administrator setup is open only before). */
  public boolean anyExists(Connection tx) throws SQLException {
    return Sql.count(tx, "select count(*) from accounts where username is not null", Sql.NONE) > 0;
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
    return Sql.query(
        tx,
        sql,
        p -> {
          if (afterUsername != null) {
            p.string(afterUsername);
          }
          p.integer(limit);
        },
        LocalAccountStore::read);
  }

  /** Counts a failed sign-in and returns the count after it. */
  public int countFailure(Connection tx, String subject) throws SQLException {
    Sql.update(
        tx,
        "update accounts set failed_sign_ins = failed_sign_ins + 1 where subject = ?",
        p -> p.string(subject));
    return Sql.one(
            tx,
            "select failed_sign_ins from accounts where subject = ?",
            p -> p.string(subject),
            rs -> rs.getInt(1))
        .orElse(0);
  }

  public void resetFailures(Connection tx, String subject) throws SQLException {
    Sql.update(
        tx, "update accounts set failed_sign_ins = 0 where subject = ?", p -> p.string(subject));
  }

  /** Records the time step of an accepted TOTP code. */
  public void useTotpStep(Connection tx, String subject, long step) throws SQLException {
    Sql.update(
        tx,
        "update accounts set totp_last_step = ? where subject = ?",
        p -> p.bigint(step).string(subject));
  }

  public void setPassword(
      Connection tx, String subject, String passwordHash, boolean mustChange, Instant now)
      throws SQLException {
    Sql.update(
        tx,
        "update accounts set password_hash = ?, must_change_password = ?, updated_at = ?"
            + " where subject = ?",
        p -> p.string(passwordHash).bool(mustChange).timestamp(now).string(subject));
  }

  /** Stores a TOTP secret being enrolled (replacing any earlier one not confirmed). */
  public void setPendingTotp(Connection tx, String subject, byte[] sealed, Instant now)
      throws SQLException {
    Sql.update(
        tx,
        "update accounts set totp_pending_sealed = ?, updated_at = ? where subject = ?",
        p -> p.bytes(sealed).timestamp(now).string(subject));
  }

  /** The enrolment is confirmed: the pending secret becomes the account's second factor. */
  public void confirmTotp(Connection tx, String subject, byte[] sealed, long step, Instant now)
      throws SQLException {
    Sql.update(
        tx,
        "update accounts set totp_secret_sealed = ?, totp_pending_sealed = null,"
            + " totp_last_step = ?, updated_at = ? where subject = ?",
        p -> p.bytes(sealed).bigint(step).timestamp(now).string(subject));
  }

  public void setLocale(Connection tx, String subject, String locale, Instant now)
      throws SQLException {
    Sql.update(
        tx,
        "update accounts set locale = ?, updated_at = ? where subject = ?",
        p -> p.string(locale).timestamp(now).string(subject));
  }

  private static LocalAccount read(ResultSet rs) throws SQLException {
    return new LocalAccount(
        rs.getString("subject"),
        rs.getString("username"),
        Role.valueOf(rs.getString("role")),
        rs.getString("organisation_id"),
        rs.getString("password_hash"),
        rs.getBytes("totp_secret_sealed"),
        rs.getBytes("totp_pending_sealed"),
        Sql.bigint(rs, "totp_last_step"),
        rs.getInt("failed_sign_ins"),
        rs.getBoolean("locked"),
        rs.getBoolean("must_change_password"),
        rs.getString("locale"),
        Sql.instant(rs, "created_at"));
  }
}
