package io.homeward.gateway.access;

import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.PolicyConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.UsageKind;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.UsageStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Rule 16 under concurrency: every face-data access is reserved against the user's daily budget
 * before any work is done (embedding, searching, decrypting, storing), in a transaction of its own
 * that the database serialises per user. Parallel requests cannot both take the last unit.
 *
 * <p>A reservation is kept whatever happens after it: a search refused by the policy, or failing in
 * the embedder or the index, still counts. Otherwise a requester could search for free by provoking
 * failures after the probe has been read, and a counter that goes down again would reopen the race
 * this class closes. Exceeding a limit takes nothing, locks the account until a privacy officer
 * unlocks it, raises one {@code ACCOUNT_LOCKED} alert per lock-out, audits the refusal and answers
 * 429.
 */
@ApplicationScoped
public class UsageBudget {
  private final Database db;
  private final UsageStore usage;
  private final AccountStore accounts;
  private final CaseStore cases;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<UsageKind, Integer> limits = new EnumMap<>(UsageKind.class);
  private final int probesPerCase;
  private final int probesPerDay;

  public UsageBudget(
      Database db,
      UsageStore usage,
      AccountStore accounts,
      CaseStore cases,
      AuditLog audit,
      PolicyConfig config,
      Clock clock) {
    this.db = db;
    this.usage = usage;
    this.accounts = accounts;
    this.cases = cases;
    this.audit = audit;
    this.clock = clock;
    Map<UsageKind, ToIntFunction<PolicyConfig>> keys =
        Map.of(
            UsageKind.SEARCH, PolicyConfig::searchesPerDay,
            UsageKind.IMAGE_VIEW, PolicyConfig::imageViewsPerDay,
            UsageKind.ENROLMENT, PolicyConfig::enrolmentsPerDay,
            UsageKind.NEW_CASE, PolicyConfig::casesPerDay);
    keys.forEach((kind, key) -> limits.put(kind, positive(key.applyAsInt(config), kind.name())));
    this.probesPerCase = positive(config.probesPerCase(), "probesPerCase");
    this.probesPerDay = positive(config.probesPerDay(), "probesPerDay");
  }

  /**
   * What the search's reservation found, for the policy's {@code context.usage}: the counts before
   * this search took its share.
   */
  public record SearchGrant(int searchesBefore, int caseProbesBefore, boolean newProbe) {}

  /** Thrown inside a reservation to roll its transaction back. */
  private static final class Refused extends RuntimeException {
    private final String reason;
    private final String what;

    Refused(String reason, String what) {
      super(null, null, false, false);
      this.reason = reason;
      this.what = what;
    }
  }

  /**
   * Reserves one unit of {@code kind} for the actor today.
   *
   * @param caseId the case the access is about, for the alert (may be {@code null})
   * @throws GatewayException {@code RATE_LIMITED} when the limit is reached (the account is locked)
   */
  public void reserve(Actor actor, UsageKind kind, String caseId, AuditDraft draft, Instant now) {
    LocalDate day = day(now);
    int limit = limits.get(kind);
    db.inTransaction(
        tx -> {
          usage.ensureCounter(tx, actor.subject(), day, kind.name());
          return null;
        });
    try {
      db.inTransaction(
          tx -> {
            if (!usage.take(tx, actor.subject(), day, kind.name(), 1, limit)) {
              throw new Refused(kind.lockReason(), "the daily " + kind.noun() + " limit");
            }
            return null;
          });
    } catch (Refused r) {
      throw refuse(actor, caseId, r, draft, now);
    }
  }

  /**
   * Reserves one search of a case with the given probe faces: the user's daily search, the case's
   * distinct probe faces and the user's distinct probe faces of the day, all or nothing. The user's
   * search counter row is locked first (serialising the user's searches), then the case row
   * (serialising searches of the case by different users), so the probe counts read under them are
   * exact.
   */
  public SearchGrant reserveSearch(
      Actor actor, String caseId, Collection<String> probeHmacs, AuditDraft draft, Instant now) {
    LocalDate day = day(now);
    String kind = UsageKind.SEARCH.name();
    db.inTransaction(
        tx -> {
          usage.ensureCounter(tx, actor.subject(), day, kind);
          return null;
        });
    try {
      return db.inTransaction(
          tx -> {
            if (!usage.take(tx, actor.subject(), day, kind, 1, limits.get(UsageKind.SEARCH))) {
              throw new Refused(UsageKind.SEARCH.lockReason(), "the daily search limit");
            }
            int searchesBefore = usage.used(tx, actor.subject(), day, kind) - 1;
            cases.findForUpdate(tx, caseId);
            int caseKnown = usage.caseProbeCount(tx, caseId);
            Set<String> newForCase = usage.newCaseProbes(tx, caseId, probeHmacs);
            if (!newForCase.isEmpty() && caseKnown + newForCase.size() > probesPerCase) {
              throw new Refused("CASE_PROBE_LIMIT", "the limit of probe faces per case");
            }
            int userKnown = usage.userProbeCount(tx, actor.subject(), day);
            Set<String> newForUser = usage.newUserProbes(tx, actor.subject(), day, probeHmacs);
            if (!newForUser.isEmpty() && userKnown + newForUser.size() > probesPerDay) {
              throw new Refused("DAILY_PROBE_LIMIT", "the daily limit of probe faces");
            }
            usage.addCaseProbes(tx, caseId, newForCase);
            usage.addUserProbes(tx, actor.subject(), day, caseId, newForUser);
            return new SearchGrant(searchesBefore, caseKnown, !newForCase.isEmpty());
          });
    } catch (Refused r) {
      throw refuse(actor, caseId, r, draft, now);
    }
  }

  /**
   * Takes one of the organisation's import records of the day when fewer than {@code limit} were
   * taken. Never locks anything: an import that has used up the day's allowance waits.
   */
  public boolean takeImportRecord(String organisation, int limit, Instant now) {
    LocalDate day = day(now);
    String holder = organisationHolder(organisation);
    String kind = UsageKind.IMPORT_RECORD.name();
    db.inTransaction(
        tx -> {
          usage.ensureCounter(tx, holder, day, kind);
          return null;
        });
    return db.inTransaction(tx -> usage.take(tx, holder, day, kind, 1, limit));
  }

  /** The organisation's import records taken today, read in the caller's transaction. */
  public int importRecordsToday(Connection tx, String organisation, Instant now)
      throws SQLException {
    return usage.used(
        tx, organisationHolder(organisation), day(now), UsageKind.IMPORT_RECORD.name());
  }

  /** Counters are kept per subject; an organisation's are held apart from any user's subject. */
  private static String organisationHolder(String organisation) {
    return "organisation:" + organisation;
  }

  /** How much of {@code kind} the user has used today. */
  public int usedToday(String subject, UsageKind kind) {
    LocalDate day = day(clock.instant());
    return db.inTransaction(tx -> usage.used(tx, subject, day, kind.name()));
  }

  private GatewayException refuse(
      Actor actor, String caseId, Refused r, AuditDraft draft, Instant now) {
    db.inTransaction(
        tx -> {
          usage.ensureAccount(tx, actor.subject(), actor.organisation());
          return null;
        });
    db.inTransaction(
        tx -> {
          if (usage.lockIfUnlocked(tx, actor.subject(), r.reason, now)) {
            accounts.raiseAlert(tx, "ACCOUNT_LOCKED", actor.subject(), caseId, now);
          }
          audit.append(tx, draft.detail("rate limit: " + r.reason).build(now, null, false));
          return null;
        });
    return new GatewayException(
        ProblemType.RATE_LIMITED,
        r.what + " was exceeded; the account is locked until a privacy officer reviews it");
  }

  /** Counters and probe faces of past days are not needed; keep yesterday's for a late request. */
  @Scheduled(every = "1h", delayed = "1m")
  void purgePastDays() {
    LocalDate keepFrom = day(clock.instant()).minusDays(1);
    db.inTransaction(tx -> usage.purgeBefore(tx, keepFrom));
  }

  private static LocalDate day(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC);
  }

  private static int positive(int value, String key) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "homeward.gateway.policy limit " + key + " must be positive");
    }
    return value;
  }
}
