package io.homeward.gateway.retention;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditEntry;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.cluster.Leases;
import io.homeward.gateway.config.AccountsConfig;
import io.homeward.gateway.config.GatewayConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.Side;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.outbox.IndexWriter;
import io.homeward.gateway.policy.PolicyFacts;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.AlertPosterStore;
import io.homeward.gateway.store.CaseRecord;
import io.homeward.gateway.store.CaseStore;
import io.homeward.gateway.store.ConsentRecord;
import io.homeward.gateway.store.ErasureStore;
import io.homeward.gateway.store.OneTimeProbe;
import io.homeward.gateway.store.OneTimeProbeStore;
import io.homeward.gateway.store.OutboxStore;
import io.homeward.gateway.store.PhotoRecord;
import io.homeward.gateway.store.PhotoState;
import io.homeward.gateway.store.PhotoStore;
import io.homeward.gateway.store.SearchResultStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies PRIVACY.md's periods: alert posters of cases no longer open withdrawn (rules 15, 19:
 * within 1 h, so {@code every} stays under an hour); one-time probes deleted after 24 h (rules 7,
 * 20), and those of searches attached to no case when their browser session is over (rule 20); a
 * vital emergency that expired makes its case unsearchable (rule 2); open MISSING cases not
 * re-confirmed within a year become unsearchable (rule 22); closed and withdrawn cases keep a
 * minimal record for 30 days, then every row about them is deleted (rule 19, {@link ErasureStore});
 * audit keys whose destruction a failure or a crash left pending are destroyed (rule 18); outbox
 * rows the search service acknowledged are deleted (they only repeat case and face ids); what case
 * searches showed is deleted once it can no longer be referred to the examiners.
 */
@ApplicationScoped
public class Retention {
  private static final Logger LOG = Logger.getLogger(Retention.class);

  /** Who the audit names for what the job does (no user acts; see {@link #suspension}). */
  static final String JOB_ACTOR = "homeward:retention";

  private static final String JOB_ROLE = "SYSTEM";
  private static final String JOB_AUTH = "scheduler";
  private final Database db;
  private final CaseStore cases;
  private final PhotoStore photos;
  private final OutboxStore outbox;
  private final ErasureStore erasures;
  private final Erasure erasure;
  private final AccountStore accounts;
  private final ImageStore images;
  private final SearchResultStore searchResults;
  private final IndexWriter indexWriter;
  private final OneTimeProbeStore oneTimeProbes;
  private final AlertPosterStore posters;
  private final GatewayConfig config;
  private final AccountsConfig sessions;
  private final AuditLog audit;
  private final Clock clock;
  private final Leases leases;

  public Retention(
      Database db,
      CaseStore cases,
      PhotoStore photos,
      OutboxStore outbox,
      ErasureStore erasures,
      Erasure erasure,
      AccountStore accounts,
      ImageStore images,
      SearchResultStore searchResults,
      IndexWriter indexWriter,
      OneTimeProbeStore oneTimeProbes,
      AlertPosterStore posters,
      GatewayConfig config,
      AccountsConfig sessions,
      AuditLog audit,
      Clock clock,
      Leases leases) {
    this.leases = leases;
    this.db = db;
    this.cases = cases;
    this.photos = photos;
    this.outbox = outbox;
    this.erasures = erasures;
    this.erasure = erasure;
    this.accounts = accounts;
    this.images = images;
    this.searchResults = searchResults;
    this.indexWriter = indexWriter;
    this.oneTimeProbes = oneTimeProbes;
    this.posters = posters;
    this.config = config;
    this.sessions = sessions;
    this.audit = audit;
    this.clock = clock;
  }

  /** What one pass did. */
  public record Pass(
      int probesDeleted,
      int casesSuspended,
      int casesPurged,
      int auditKeysDestroyed,
      int outboxRowsDeleted,
      int searchResultsDeleted) {}

  @Scheduled(
      every = "${homeward.gateway.retention.every:10m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (!leases.hold("retention")) {
      return;
    }
    try {
      Pass p = run(clock.instant());
      if (p.probesDeleted() + p.casesSuspended() + p.casesPurged() + p.auditKeysDestroyed() > 0) {
        LOG.infof(
            "retention: %d probes deleted, %d cases made unsearchable, %d cases purged,"
                + " %d pending audit keys destroyed",
            p.probesDeleted(), p.casesSuspended(), p.casesPurged(), p.auditKeysDestroyed());
      }
    } catch (RuntimeException e) {
      LOG.warnf("retention pass failed (%s); it runs again", e.getClass().getSimpleName());
    }
  }

  public Pass run(Instant now) {
    // Rules 15 and 19: alert posters down within 1 h of their case leaving OPEN (the pass runs
    // every
    // 10 minutes by default); first, so that a failure further on does not hold them up.
    db.inTransaction(tx -> posters.withdrawOfCasesNoLongerOpen(tx, now));
    int probes = deleteExpiredProbes(now) + deleteOneTimeProbes(now);
    int suspended = suspendLapsed(now);
    int purged = purge(now);
    int keys = erasure.destroyPendingKeys();
    int outboxRows = db.inTransaction(erasures::deleteDoneOutbox);
    int results = db.inTransaction(tx -> searchResults.deleteExpired(tx, now));
    if (suspended > 0) {
      indexWriter.kick();
    }
    return new Pass(probes, suspended, purged, keys, outboxRows, results);
  }

  private int deleteExpiredProbes(Instant now) {
    List<PhotoRecord> due = db.inTransaction(tx -> photos.dueForDeletion(tx, now));
    for (PhotoRecord p : due) {
      if (p.imageRef() != null) {
        images.delete(p.imageRef());
      }
      db.inTransaction(
          tx -> {
            photos.setState(tx, List.of(p.id()), PhotoState.ERASED, now);
            return null;
          });
    }
    return due.size();
  }

  /**
   * Strangers' photos held for one search (rules 7, 20): after 24 h unless a case was opened from
   * them, and, for searches attached to no case, once their browser session is over (signed out,
   * idle or past its lifetime).
   */
  private int deleteOneTimeProbes(Instant now) {
    List<String> refs =
        db.inTransaction(
            tx -> {
              List<String> out = new ArrayList<>();
              for (OneTimeProbe p : oneTimeProbes.expired(tx, now)) {
                if (oneTimeProbes.markDeleted(tx, p.id(), OneTimeProbe.DeletedWhy.EXPIRED, now)) {
                  out.add(p.imageRef());
                }
              }
              for (OneTimeProbe p :
                  oneTimeProbes.ofEndedSessions(
                      tx, now, sessions.idleTimeout(), sessions.absoluteLifetime())) {
                if (oneTimeProbes.markDeleted(
                    tx, p.id(), OneTimeProbe.DeletedWhy.SESSION_ENDED, now)) {
                  out.add(p.imageRef());
                }
              }
              return out;
            });
    // After the commit; a crash in between leaves files no row names, which the reconciler deletes.
    refs.forEach(images::delete);
    return refs.size();
  }

  private int suspendLapsed(Instant now) {
    List<CaseRecord> open = db.inTransaction(tx -> cases.withStatus(tx, CaseStatus.OPEN));
    int count = 0;
    for (CaseRecord c : open) {
      List<ConsentRecord> consents = db.inTransaction(tx -> cases.consents(tx, c.id()));
      Optional<ConsentRecord> basis = PolicyFacts.basisInForce(consents, now);
      boolean emergencyLapsed =
          basis.isEmpty()
              && consents.stream().anyMatch(k -> k.basis() == LegalBasis.VITAL_EMERGENCY);
      boolean unconfirmed =
          c.side() == Side.MISSING
              && !c.policeCase()
              && c.confirmedAt().plus(config.retention().reconfirmation()).isBefore(now);
      if (!emergencyLapsed && !unconfirmed) {
        continue;
      }
      String kind = emergencyLapsed ? "EMERGENCY_BASIS_EXPIRED" : "RECONFIRMATION_DUE";
      db.inTransaction(
          tx -> {
            cases.setStatus(tx, c.id(), CaseStatus.PENDING, now);
            List<String> ids = new ArrayList<>();
            for (PhotoRecord p : photos.liveByCase(tx, c.id())) {
              ids.add(p.id());
            }
            photos.setState(tx, ids, PhotoState.STORED, now);
            outbox.enqueue(tx, OutboxStore.Kind.REMOVE_CASE, null, null, c.id(), now);
            accounts.raiseAlert(tx, kind, null, c.id(), now);
            audit.append(tx, suspension(c, kind, now));
            return null;
          });
      count++;
    }
    return count;
  }

  /**
   * The audit record of a case the job made unsearchable: the job acts for the case's organisation
   * under no one's token, so the actor is the job itself and no policy decided it (the periods are
   * configuration, PRIVACY.md's preamble).
   */
  private static AuditEntry suspension(CaseRecord c, String kind, Instant now) {
    return new AuditEntry(
        now,
        JOB_ACTOR,
        JOB_ROLE,
        c.organisation(),
        JOB_AUTH,
        AuditAction.CASE_CHANGE,
        "DATA_PROTECTION",
        Optional.empty(),
        Optional.of(c.id()),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.of("NONE"),
        List.of(),
        true,
        List.of(),
        "none",
        false,
        Optional.empty(),
        Optional.of("status OPEN -> PENDING: " + kind));
  }

  private int purge(Instant now) {
    List<CaseRecord> due = db.inTransaction(tx -> cases.duePurge(tx, now));
    for (CaseRecord c : due) {
      List<String> refs = new ArrayList<>();
      List<String> photoIds = new ArrayList<>();
      db.inTransaction(
          tx -> {
            for (PhotoRecord p : photos.liveByCase(tx, c.id())) {
              photoIds.add(p.id());
              if (p.imageRef() != null) {
                refs.add(p.imageRef());
              }
            }
            // The key is destroyed by destroyPendingKeys below, or by a later pass after a crash.
            erasures.requestKeyDestruction(tx, cases.subject(tx, c.id()).id(), now);
            outbox.enqueue(tx, OutboxStore.Kind.REMOVE_CASE, null, null, c.id(), now);
            erasures.purgeCase(tx, c.id());
            return null;
          });
      indexWriter.forget(photoIds);
      refs.forEach(images::delete);
    }
    if (!due.isEmpty()) {
      indexWriter.kick();
    }
    return due.size();
  }
}
