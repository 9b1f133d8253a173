package io.homeward.gateway.config;

import io.homeward.gateway.audit.AuditKeys;
import io.homeward.gateway.audit.AuditUnavailableException;
import io.homeward.gateway.audit.FileCheckpointStore;
import io.homeward.gateway.audit.JdbcAuditLog;
import io.homeward.gateway.db.Database;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Opens the audit log at start-up (so missing or mismatched keys stop the gateway at once), signs a
 * checkpoint over the head on a schedule and a last one at shutdown. The produced bean is both the
 * {@code AuditLog} and the privacy officers' {@code AuditReader}.
 */
@ApplicationScoped
public class AuditProducer {
  private static final Logger LOG = Logger.getLogger(AuditProducer.class);

  private final Instance<JdbcAuditLog> auditLog;

  AuditProducer(Instance<JdbcAuditLog> auditLog) {
    this.auditLog = auditLog;
  }

  @Produces
  @Singleton
  JdbcAuditLog auditLog(Database database, AuditConfig config) {
    AuditKeys keys =
        AuditKeys.loadOrGenerate(
            config.masterKeysetFile(),
            config.signingKeyFile(),
            config.signingPublicKeyFile(),
            config.chainKeyFile(),
            config.retiredPublicKeyFiles().orElse(List.of()),
            config.generateKeys(),
            JdbcAuditLog.holdsKeyedData(database),
            JdbcAuditLog.holdsKeyedRecords(database));
    if (config.checkpointEvery() < 1) {
      throw new IllegalStateException("homeward.gateway.audit.checkpoint-every must be at least 1");
    }
    JdbcAuditLog log =
        new JdbcAuditLog(
            database,
            keys,
            new FileCheckpointStore(config.checkpointFile()),
            config.checkpointEvery(),
            2L * config.checkpointEvery(),
            Clock.systemUTC());
    log.open();
    return log;
  }

  void openAtStartup(@Observes StartupEvent event) {
    auditLog.get();
  }

  void checkpointAtShutdown(@Observes ShutdownEvent event) {
    auditLog.get().close();
  }

  @Scheduled(
      identity = "audit-checkpoint",
      every = "${homeward.gateway.audit.checkpoint-interval:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void checkpoint() {
    try {
      auditLog.get().checkpoint();
    } catch (AuditUnavailableException e) {
      // The next run retries; verification reports any record after the last checkpoint anyway.
      LOG.warnf("audit checkpoint not signed: %s", e.getMessage());
    }
  }
}
