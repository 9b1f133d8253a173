package io.homeward.gateway.retention;

import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditAnchor;
import io.homeward.gateway.audit.AuditEntry;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.cluster.Leases;
import io.homeward.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Audit retention (PRIVACY.md "Audit record": kept 3 years): the audit records older than the
 * configured period are removed under a signed anchor from which the chain still verifies ({@link
 * AuditLog#removeBefore}). The application's database role cannot delete audit rows; the removal
 * goes through the database's narrow function, which refuses anything younger than 3 years. Each
 * removal is itself audited, and the privacy officers' chain status names the anchor.
 */
@ApplicationScoped
public class AuditRetention {
  private static final Logger LOG = Logger.getLogger(AuditRetention.class);
  private final AuditLog audit;
  private final GatewayConfig config;
  private final Clock clock;
  private final Leases leases;

  public AuditRetention(AuditLog audit, GatewayConfig config, Clock clock, Leases leases) {
    this.leases = leases;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  @Scheduled(
      every = "${homeward.gateway.retention.audit-every:24h}",
      delayed = "10m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (!leases.hold("audit-retention")) {
      return;
    }
    try {
      run(clock.instant())
          .ifPresent(
              a ->
                  LOG.infof(
                      "audit retention: %d records removed under the anchor at record %d",
                      a.removedRecords(), a.seq()));
    } catch (RuntimeException e) {
      LOG.warnf("audit retention pass failed (%s); it runs again", e.getClass().getSimpleName());
    }
  }

  /** Removes what is older than the period at {@code now}; answers the new anchor, if any. */
  public Optional<AuditAnchor> run(Instant now) {
    Optional<AuditAnchor> anchor = audit.removeBefore(now.minus(config.retention().auditRecords()));
    anchor.ifPresent(a -> audit.append(removal(a, now)));
    return anchor;
  }

  private static AuditEntry removal(AuditAnchor a, Instant now) {
    return new AuditEntry(
        now,
        Retention.JOB_ACTOR,
        "SYSTEM",
        "",
        "scheduler",
        AuditAction.DELETE,
        "DATA_PROTECTION",
        Optional.empty(),
        Optional.empty(),
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
        Optional.of(
            "audit retention: "
                + a.removedRecords()
                + " records through no. "
                + a.seq()
                + " removed under a signed anchor"));
  }
}
