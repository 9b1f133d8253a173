package io.homeward.gateway.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.gateway.access.UsageBudget;
import io.homeward.gateway.cluster.Leases;
import io.homeward.gateway.config.ImportConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.registration.Allowance;
import io.homeward.gateway.registration.CaseRegistration;
import io.homeward.gateway.registration.NewPhoto;
import io.homeward.gateway.registration.PhotoEnrolment;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.AccountStore;
import io.homeward.gateway.store.ImportStore;
import io.homeward.gateway.store.OrganisationStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Enrols the records of import jobs in the background, a bounded number at once. Each record is one
 * unit: the case is decided ({@link CaseRegistration}), each photo is decided and embedded ({@link
 * PhotoEnrolment}), then the case, its photos and the record's DONE mark are stored in one
 * transaction, or nothing is. A record refused by a rule is marked REFUSED with its reason; one
 * that failed for a passing cause (the embedder or the database down, a crash) stays waiting and is
 * taken up again by the next pass, so a restart loses nothing and enrols nothing twice.
 */
@ApplicationScoped
public class ImportRunner {
  private static final Logger LOG = Logger.getLogger(ImportRunner.class);

  private final Database db;
  private final ImportStore store;
  private final AccountStore accounts;
  private final OrganisationStore organisations;
  private final ImageStore images;
  private final FieldSealer sealer;
  private final ObjectMapper json;
  private final CaseRegistration registration;
  private final PhotoEnrolment enrolment;
  private final Clock clock;
  private final int workers;
  private final int recordsPerDay;
  private final UsageBudget budget;
  private final Set<String> draining = ConcurrentHashMap.newKeySet();
  private final Stages stages;
  private final Leases leases;
  private volatile ExecutorService pool;
  private volatile ExecutorService dispatcher;

  public ImportRunner(
      Database db,
      ImportStore store,
      AccountStore accounts,
      OrganisationStore organisations,
      ImageStore images,
      FieldSealer sealer,
      ObjectMapper json,
      CaseRegistration registration,
      PhotoEnrolment enrolment,
      UsageBudget budget,
      ImportConfig config,
      MeterRegistry meters,
      Clock clock,
      Leases leases) {
    this.leases = leases;
    this.db = db;
    this.store = store;
    this.accounts = accounts;
    this.organisations = organisations;
    this.images = images;
    this.sealer = sealer;
    this.json = json;
    this.registration = registration;
    this.enrolment = enrolment;
    this.clock = clock;
    this.workers = Math.max(1, config.workers());
    this.recordsPerDay = config.recordsPerDay();
    this.budget = budget;
    this.stages = new Stages(meters);
    start();
  }

  /**
   * Where an enrolled record's time goes (metric {@code homeward.import.stage}, for the import
   * figures): deciding the case (policy and allowance: the database), deciding its photos (policy,
   * allowance, the embedder's quality gate, the encrypted image), storing them (one transaction).
   */
  private static final class Stages {
    final Timer decideCase;
    final Timer decidePhotos;
    final Timer store;

    Stages(MeterRegistry meters) {
      decideCase = timer(meters, "decide_case");
      decidePhotos = timer(meters, "decide_photos");
      store = timer(meters, "store");
    }

    private static Timer timer(MeterRegistry meters, String stage) {
      return Timer.builder("homeward.import.stage")
          .description("time per enrolled import record, by stage")
          .tag("stage", stage)
          .register(meters);
    }
  }

  /** Starts the workers (at construction, and again after {@link #stop} in tests of a crash). */
  public synchronized void start() {
    if (pool == null || pool.isShutdown()) {
      pool = Executors.newFixedThreadPool(workers, daemon("import-worker"));
      dispatcher = Executors.newSingleThreadExecutor(daemon("import-dispatch"));
    }
  }

  /** Stops at once, as a crash would: records being enrolled are left waiting. */
  public synchronized void stop() {
    dispatcher.shutdownNow();
    pool.shutdownNow();
    draining.clear();
  }

  void onStart(@Observes StartupEvent event) {
    resume();
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  /** Takes up every job with waiting records (after a restart, or a passing failure). */
  @Scheduled(
      every = "${homeward.gateway.imports.resume-every:30s}",
      delayed = "${homeward.gateway.imports.resume-every:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public void resume() {
    try {
      db.inTransaction(store::jobsWaiting).forEach(this::kick);
    } catch (RuntimeException e) {
      LOG.warn("import jobs could not be resumed now; the next pass tries again");
    }
  }

  /** Asks for the job's waiting records to be enrolled, unless that is under way. */
  public void kick(String jobId) {
    if (draining.add(jobId)) {
      try {
        dispatcher.execute(
            () -> {
              try {
                drain(jobId);
              } finally {
                draining.remove(jobId);
              }
            });
      } catch (RuntimeException e) {
        draining.remove(jobId);
      }
    }
  }

  private void drain(String jobId) {
    ImportStore.Job job = db.inTransaction(tx -> store.findById(tx, jobId)).orElse(null);
    if (job == null) {
      return;
    }
    Actor creator = actor(job);
    Purpose purpose = Purpose.valueOf(job.purpose());
    long after = 0;
    String lease = "import:" + jobId;
    while (!Thread.currentThread().isInterrupted()) {
      // One gateway drains a job at a time (the one it was sent to, or whichever resumes it).
      if (!leases.hold(lease)) {
        return;
      }
      long from = after;
      List<ImportStore.Waiting> next =
          db.inTransaction(tx -> store.waiting(tx, job.organisation(), jobId, from, workers * 4));
      if (next.isEmpty()) {
        leases.release(lease);
        return;
      }
      // Read per round: an administrator's deactivation of the organisation stops the job's next
      // records (they wait, and go on if it is reactivated), as it stops its users' requests.
      if (db.inTransaction(tx -> organisations.isDeactivated(tx, job.organisation()))) {
        LOG.info("an import job waits: its organisation is deactivated");
        return;
      }
      // The lock is read per round: a privacy officer's lock stops the job's next records.
      Actor actor =
          creator.withLocked(db.inTransaction(tx -> accounts.isLocked(tx, creator.subject())));
      List<Future<?>> running = new ArrayList<>();
      for (ImportStore.Waiting w : next) {
        running.add(pool.submit(() -> enrol(job, actor, purpose, w)));
      }
      boolean failed = false;
      boolean usedUp = false;
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          usedUp |= e.getCause() instanceof AllowanceUsedUp;
          failed = true;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (usedUp) {
        // The organisation's import allowance of the day is used up: the records wait for the
        // first pass of the next day (no refusal, no lock).
        LOG.info("an import job waits for its organisation's import allowance of the next day");
        return;
      }
      if (failed) {
        // A passing failure: the records stay waiting for the next pass.
        LOG.warn("an import job paused after a failure; it resumes with the next pass");
        return;
      }
      after = next.get(next.size() - 1).seq();
    }
  }

  /** Enrols one record as one unit, or refuses it with its reason. */
  private void enrol(ImportStore.Job job, Actor actor, Purpose purpose, ImportStore.Waiting w) {
    String org = job.organisation();
    List<PhotoEnrolment.Accepted> accepted = new ArrayList<>();
    String file = null;
    try {
      ImportRecord record =
          json.readValue(
              sealer.openPlaintext(ImportJobs.FACTS_FIELD, w.factsSealed()), ImportRecord.class);
      if (!budget.takeImportRecord(org, recordsPerDay, clock.instant())) {
        throw new AllowanceUsedUp();
      }
      long t0 = System.nanoTime();
      CaseRegistration.Decided decided =
          registration.decide(actor, purpose, record.newCase(), Allowance.IMPORT_JOB);
      long t1 = System.nanoTime();
      for (int i = 0; i < record.photos().size(); i++) {
        ImportRecord.Photo p = record.photos().get(i);
        file = p.file();
        byte[] image = images.readPlaintext(w.photos().get(i).stagedRef());
        accepted.add(
            enrolment.decide(
                actor,
                purpose,
                decided.snapshot(),
                new NewPhoto(image, p.source(), p.ageAtPhoto(), p.photoYear()),
                Allowance.IMPORT_JOB));
      }
      long t2 = System.nanoTime();
      Instant now = clock.instant();
      boolean stored =
          db.inTransaction(
              tx -> {
                if (!store.finish(
                    tx,
                    org,
                    w.key(),
                    ImportStore.Status.DONE,
                    decided.caseId(),
                    null,
                    null,
                    null,
                    now)) {
                  return false;
                }
                decided.store(tx);
                for (PhotoEnrolment.Accepted a : accepted) {
                  a.store(tx);
                }
                return true;
              });
      long t3 = System.nanoTime();
      if (!stored) {
        // Finished by another worker meanwhile: nothing of this attempt was stored.
        accepted.forEach(PhotoEnrolment.Accepted::discard);
        return;
      }
      accepted.forEach(PhotoEnrolment.Accepted::committed);
      stages.decideCase.record(t1 - t0, TimeUnit.NANOSECONDS);
      stages.decidePhotos.record(t2 - t1, TimeUnit.NANOSECONDS);
      stages.store.record(t3 - t2, TimeUnit.NANOSECONDS);
      dropStaged(w);
    } catch (GatewayException e) {
      accepted.forEach(PhotoEnrolment.Accepted::discard);
      if (passing(e.type())) {
        throw e;
      }
      refuse(org, w, file, e.type(), e.getMessage());
    } catch (IOException e) {
      accepted.forEach(PhotoEnrolment.Accepted::discard);
      refuse(org, w, null, ProblemType.INVALID_REQUEST, "the record could not be read back");
    } catch (RuntimeException e) {
      accepted.forEach(PhotoEnrolment.Accepted::discard);
      throw e;
    }
  }

  private void refuse(
      String org, ImportStore.Waiting w, String file, ProblemType type, String reason) {
    Instant now = clock.instant();
    db.inTransaction(
        tx ->
            store.finish(
                tx,
                org,
                w.key(),
                ImportStore.Status.REFUSED,
                null,
                file,
                type.slug(),
                reason,
                now));
    dropStaged(w);
  }

  /** A failure that says nothing about the record: it waits and is tried again. */
  private static boolean passing(ProblemType type) {
    return type.status() >= 500;
  }

  private void dropStaged(ImportStore.Waiting w) {
    for (ImportStore.StagedPhoto p : w.photos()) {
      if (p.stagedRef() != null) {
        try {
          images.delete(p.stagedRef());
        } catch (RuntimeException e) {
          // The reconciler deletes images no live photo references.
          LOG.warn("a staged import photo could not be deleted; the reconciler removes it");
        }
      }
    }
  }

  private static Actor actor(ImportStore.Job job) {
    Set<Role> roles =
        Arrays.stream(job.roles().split(",")).map(Role::valueOf).collect(Collectors.toSet());
    return new Actor(
        job.createdBy(),
        job.organisation(),
        roles,
        Role.valueOf(job.actingAs()),
        job.authMethod(),
        false);
  }

  /**
   * The organisation's import allowance of the day is used up: the record stays waiting. (A record
   * that then fails for a passing cause takes a unit again when it is retried.)
   */
  private static final class AllowanceUsedUp extends RuntimeException {
    AllowanceUsedUp() {
      super("the organisation's import allowance of the day is used up", null, false, false);
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
