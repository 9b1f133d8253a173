package io.homeward.gateway.store;

import io.homeward.gateway.domain.AlertKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Account locks and flags and silent alerts (usage counters: {@link UsageStore}). In the caller's
 * transaction.
 */
@ApplicationScoped
public class AccountStore {

  public boolean isLocked(Connection tx, String subject) throws SQLException {
    return Sql.one(
            tx,
            "select locked from accounts where subject = ?",
            p -> p.string(subject),
            rs -> rs.getBoolean(1))
        .orElse(false);
  }

  private void ensure(Connection tx, String subject, String organisation) throws SQLException {
    if (Sql.count(tx, "select count(*) from accounts where subject = ?", p -> p.string(subject))
        > 0) {
      return;
    }
    Sql.update(
        tx,
        "insert into accounts (subject, organisation_id) values (?, ?)",
        p -> p.string(subject).string(organisation));
  }

  public void lock(Connection tx, String subject, String organisation, String reason, Instant now)
      throws SQLException {
    ensure(tx, subject, organisation);
    Sql.update(
        tx,
        "update accounts set locked = true, locked_at = ?, lock_reason = ? where subject = ?",
        p -> p.timestamp(now).string(reason).string(subject));
  }

  public boolean unlock(Connection tx, String subject, String by, Instant now) throws SQLException {
    return Sql.update(
            tx,
            "update accounts set locked = false, failed_sign_ins = 0, unlocked_by = ?,"
                + " unlocked_at = ? where subject = ? and locked = true",
            p -> p.string(by).timestamp(now).string(subject))
        == 1;
  }

  public void flag(Connection tx, String subject, String organisation, String reason)
      throws SQLException {
    ensure(tx, subject, organisation);
    Sql.update(
        tx,
        "update accounts set flagged = true, flag_reason = ? where subject = ?",
        p -> p.string(reason).string(subject));
  }

  /**
   * Raises a silent alert.
   *
   * @param kind an {@link AlertKind} name (checked: the API documents and filters by that list)
   */
  public void raiseAlert(Connection tx, String kind, String about, String caseId, Instant now)
      throws SQLException {
    AlertKind.valueOf(kind);
    Sql.update(
        tx,
        "insert into alerts (id, kind, about, case_id, raised_at) values (?,?,?,?,?)",
        p -> p.string(Ids.newId("a")).string(kind).string(about).string(caseId).timestamp(now));
  }

  public int alertCount(Connection tx, String kind, String about) throws SQLException {
    return (int)
        Sql.count(
            tx,
            "select count(*) from alerts where kind = ? and about = ?",
            p -> p.string(kind).string(about));
  }
}
