package io.homeward.gateway.cluster;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.store.Sql;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Leases on work that must run in one gateway at a time when several share the database (a
 * cluster): the outbox's deliveries (their order is the order committed), re-embedding, the
 * reconciler, retention, and each import job. One machine runs one gateway, which always holds
 * them; the check costs one UPDATE per pass.
 *
 * <p>A lease is a row of {@code job_leases}: its holder (a random id of this process) and when it
 * runs out. {@link #hold} takes a free or expired lease, or renews one this process holds, in one
 * conditional UPDATE, so two gateways never both succeed. Work calls it before each round: a holder
 * that stalls past {@link #TTL} (a long pause, a partition) loses the lease at its next round. A
 * round already under way when the lease passes on can still finish once; the outbox's rows are
 * idempotent upserts and removals, and the reconciler repairs what such an overlap leaves.
 *
 * <p>Times are this process's clock: gateways' clocks must agree to well under {@link #TTL} (NTP).
 */
@ApplicationScoped
public class Leases {
  /** How long a lease lasts unless renewed. Rounds of leased work are much shorter. */
  public static final Duration TTL = Duration.ofSeconds(30);

  private static final Logger LOG = Logger.getLogger(Leases.class);

  private final Database db;
  private final Clock clock;
  private final String holder = UUID.randomUUID().toString();
  private final Set<String> held = ConcurrentHashMap.newKeySet();

  public Leases(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Takes or renews the named lease; returns whether this process holds it now. A failure to reach
   * the database is a lease not held (the work waits for its next round).
   */
  public boolean hold(String name) {
    Instant now = clock.instant();
    boolean holds;
    try {
      holds =
          db.inTransaction(
              tx -> {
                insertIfAbsent(tx, name);
                return Sql.update(
                        tx,
                        "update job_leases set holder = ?, expires_at = ? where name = ?"
                            + " and (holder is null or holder = ? or expires_at < ?)",
                        p ->
                            p.string(holder)
                                .timestamp(now.plus(TTL))
                                .string(name)
                                .string(holder)
                                .timestamp(now))
                    == 1;
              });
    } catch (RuntimeException e) {
      holds = false;
    }
    if (holds) {
      if (held.add(name)) {
        LOG.debugf("lease %s taken", kind(name));
      }
    } else if (held.remove(name)) {
      LOG.infof("lease %s passed to another gateway", kind(name));
    }
    return holds;
  }

  /** Gives the named lease up at once (another gateway may take it at its next round). */
  public void release(String name) {
    if (!held.remove(name)) {
      return;
    }
    try {
      db.inTransaction(
          tx ->
              Sql.update(
                  tx,
                  "update job_leases set holder = null, expires_at = null"
                      + " where name = ? and holder = ?",
                  p -> p.string(name).string(holder)));
    } catch (RuntimeException e) {
      // It runs out by itself.
    }
  }

  /** This process's holder id (tests). */
  String holder() {
    return holder;
  }

  /**
   * What a lease is for, without the id of the work it guards (an import job's): logs carry no ids.
   */
  private static String kind(String name) {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  void onStop(@Observes ShutdownEvent event) {
    for (String name : Set.copyOf(held)) {
      release(name);
    }
  }

  private void insertIfAbsent(java.sql.Connection tx, String name) throws java.sql.SQLException {
    String sql =
        db.kind().equals("postgresql")
            ? "insert into job_leases (name) values (?) on conflict (name) do nothing"
            : "merge into job_leases (name) key (name) values (?)";
    Sql.update(tx, sql, p -> p.string(name));
  }
}
