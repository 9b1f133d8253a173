package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Per-user daily usage counters and probe faces (rule 16), in the caller's transaction. A counter
 * is taken with one conditional update, so the database decides who gets the last unit; the same
 * SQL runs on PostgreSQL and on H2 in PostgreSQL mode.
 */
@ApplicationScoped
public class UsageStore {
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * Creates the day's counter at zero when it is missing. Parallel first requests of a day may all
   * try: the losers' inserts do nothing. Run it in a transaction of its own: on PostgreSQL a failed
   * statement would spoil the caller's transaction.
   */
  public void ensureCounter(Connection tx, String subject, LocalDate day, String kind)
      throws SQLException {
    try {
      Sql.update(
          tx,
          "insert into usage_counters (subject, usage_day, kind, used) values (?,?,?,0)"
              + " on conflict do nothing",
          p -> p.string(subject).date(day).string(kind));
    } catch (SQLException e) {
      // H2 may still report the key another transaction inserted meanwhile: the row is there.
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /**
   * Takes {@code amount} units when that keeps the counter within {@code limit}. The update locks
   * the row and re-reads it after any parallel update commits, so parallel takers are serialised.
   *
   * @return whether the units were taken ({@code false} also when the counter row is missing)
   */
  public boolean take(
      Connection tx, String subject, LocalDate day, String kind, int amount, int limit)
      throws SQLException {
    return Sql.update(
            tx,
            "update usage_counters set used = used + ? where subject = ? and usage_day = ? and"
                + " kind = ? and used + ? <= ?",
            p ->
                p.integer(amount)
                    .string(subject)
                    .date(day)
                    .string(kind)
                    .integer(amount)
                    .integer(limit))
        == 1;
  }

  /** Units taken so far (0 when none). */
  public int used(Connection tx, String subject, LocalDate day, String kind) throws SQLException {
    return Sql.one(
            tx,
            "select used from usage_counters where subject = ? and usage_day = ? and kind = ?",
            p -> p.string(subject).date(day).string(kind),
            rs -> rs.getInt(1))
        .orElse(0);
  }

  /** Distinct probe faces a case has been searched with. */
  public int caseProbeCount(Connection tx, String caseId) throws SQLException {
    return (int)
        Sql.count(tx, "select count(*) from case_probes where case_id = ?", p -> p.string(caseId));
  }

  /** Those of {@code hmacs} the case has not been searched with yet. */
  public Set<String> newCaseProbes(Connection tx, String caseId, Collection<String> hmacs)
      throws SQLException {
    Set<String> fresh = new LinkedHashSet<>();
    for (String h : new LinkedHashSet<>(hmacs)) {
      if (Sql.count(
              tx,
              "select count(*) from case_probes where case_id = ? and probe_hmac = ?",
              p -> p.string(caseId).string(h))
          == 0) {
        fresh.add(h);
      }
    }
    return fresh;
  }

  public void addCaseProbes(Connection tx, String caseId, Collection<String> hmacs)
      throws SQLException {
    Sql.updateEach(
        tx,
        "insert into case_probes (case_id, probe_hmac) values (?,?)",
        hmacs,
        (p, h) -> p.string(caseId).string(h));
  }

  /** Distinct probe faces one user has searched with on one day, across all cases. */
  public int userProbeCount(Connection tx, String subject, LocalDate day) throws SQLException {
    return (int)
        Sql.count(
            tx,
            "select count(*) from user_probes where subject = ? and usage_day = ?",
            p -> p.string(subject).date(day));
  }

  /** Those of {@code hmacs} the user has not searched with yet that day. */
  public Set<String> newUserProbes(
      Connection tx, String subject, LocalDate day, Collection<String> hmacs) throws SQLException {
    Set<String> fresh = new LinkedHashSet<>();
    for (String h : new LinkedHashSet<>(hmacs)) {
      if (Sql.count(
              tx,
              "select count(*) from user_probes where subject = ? and usage_day = ? and"
                  + " probe_hmac = ?",
              p -> p.string(subject).date(day).string(h))
          == 0) {
        fresh.add(h);
      }
    }
    return fresh;
  }

  public void addUserProbes(
      Connection tx, String subject, LocalDate day, String caseId, Collection<String> hmacs)
      throws SQLException {
    Sql.updateEach(
        tx,
        "insert into user_probes (subject, usage_day, probe_hmac, case_id) values (?,?,?,?)",
        hmacs,
        (p, h) -> p.string(subject).date(day).string(h).string(caseId));
  }

  /**
   * Locks the account unless it is locked already (the lock stays until a privacy officer unlocks
   * it). Creates the account row if needed; run {@link #ensureAccount} first in a transaction of
   * its own.
   *
   * @return whether this call locked it (so that one lock-out raises one alert, not one per
   *     refusal)
   */
  public boolean lockIfUnlocked(Connection tx, String subject, String reason, Instant now)
      throws SQLException {
    return Sql.update(
            tx,
            "update accounts set locked = true, locked_at = ?, lock_reason = ? where subject = ?"
                + " and locked = false",
            p -> p.timestamp(now).string(reason).string(subject))
        == 1;
  }

  /** Creates the account row (unlocked) when it is missing; parallel callers are harmless. */
  public void ensureAccount(Connection tx, String subject, String organisation)
      throws SQLException {
    try {
      Sql.update(
          tx,
          "insert into accounts (subject, organisation_id) values (?,?) on conflict do nothing",
          p -> p.string(subject).string(organisation));
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /** Counters and probe faces of days before {@code keepFrom}: nothing needs them any more. */
  public int purgeBefore(Connection tx, LocalDate keepFrom) throws SQLException {
    int n = 0;
    for (String sql :
        new String[] {
          "delete from usage_counters where usage_day < ?",
          "delete from user_probes where usage_day < ?"
        }) {
      n += Sql.update(tx, sql, p -> p.date(keepFrom));
    }
    return n;
  }
}
