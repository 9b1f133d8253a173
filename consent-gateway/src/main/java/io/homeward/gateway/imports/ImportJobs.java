package io.homeward.gateway.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeward.gateway.access.Guard;
import io.homeward.gateway.access.UsageBudget;
import io.homeward.gateway.audit.AuditAction;
import io.homeward.gateway.audit.AuditDraft;
import io.homeward.gateway.audit.AuditLog;
import io.homeward.gateway.config.ImportConfig;
import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.DatabaseException;
import io.homeward.gateway.domain.Display;
import io.homeward.gateway.domain.Purpose;
import io.homeward.gateway.domain.Role;
import io.homeward.gateway.error.GatewayException;
import io.homeward.gateway.error.ProblemType;
import io.homeward.gateway.images.ImageStore;
import io.homeward.gateway.policy.Action;
import io.homeward.gateway.policy.Actor;
import io.homeward.gateway.policy.PolicyDecision;
import io.homeward.gateway.policy.PolicyRequest;
import io.homeward.gateway.security.FieldSealer;
import io.homeward.gateway.store.Ids;
import io.homeward.gateway.store.ImportStore;
import io.homeward.gateway.store.PageCursor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Bulk import jobs (issue 14): a job per import, batches of records received into it, its progress
 * and its refusals. Each record is enrolled in the background by {@link ImportRunner} through the
 * same registration and enrolment as a single case; a job belongs to its organisation, and another
 * organisation's job is not found.
 */
@ApplicationScoped
public class ImportJobs {
  /** The sealed-column name of a waiting record's facts. */
  static final String FACTS_FIELD = "import_records.facts";

  /** The rate is measured over the last few minutes of work. */
  private static final Duration RATE_WINDOW = Duration.ofMinutes(2);

  private final Database db;
  private final ImportStore store;
  private final ImageStore images;
  private final FieldSealer sealer;
  private final ObjectMapper json;
  private final Guard guard;
  private final AuditLog audit;
  private final ImportRunner runner;
  private final UsageBudget budget;
  private final ImportConfig config;
  private final Clock clock;
  private final Map<String, Object> organisationLocks = new ConcurrentHashMap<>();

  public ImportJobs(
      Database db,
      ImportStore store,
      ImageStore images,
      FieldSealer sealer,
      ObjectMapper json,
      Guard guard,
      AuditLog audit,
      ImportRunner runner,
      UsageBudget budget,
      ImportConfig config,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.images = images;
    this.sealer = sealer;
    this.json = json;
    this.guard = guard;
    this.audit = audit;
    this.runner = runner;
    this.budget = budget;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Where a job stands.
   *
   * @param recordsPerSecond over the last two minutes of work; 0 when nothing finished lately
   * @param secondsLeft at that rate; empty when nothing is left or no rate is known
   * @param waitingForTomorrow records are left and the organisation's import allowance of the day
   *     is used up: they wait for the next day
   */
  public record Progress(
      ImportStore.Job job,
      long done,
      long refused,
      long left,
      double recordsPerSecond,
      Optional<Long> secondsLeft,
      boolean waitingForTomorrow) {}

  /** What a batch brought. */
  public record Received(int accepted, int alreadyKnown, int refused) {}

  /** A page of jobs and the cursor of the next one. */
  public record Page(List<Progress> jobs, Optional<PageCursor> next) {}

  /** Opens a job; its records are enrolled as the caller, with the purpose named now. */
  public Progress create(Actor actor, Purpose purpose) {
    Instant now = clock.instant();
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.CASE_CHANGE, purpose).detail("import job created");
    PolicyDecision decision = allow(actor, purpose, draft);
    ImportStore.Job job =
        new ImportStore.Job(
            Ids.newId("j"),
            actor.organisation(),
            actor.subject(),
            actor.actingAs().name(),
            actor.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")),
            actor.authMethod(),
            purpose.name(),
            now);
    return db.inTransaction(
        tx -> {
          store.insert(tx, job);
          audit.append(tx, draft.build(now, decision, true));
          return new Progress(job, 0, 0, 0, 0, Optional.empty(), false);
        });
  }

  /**
   * Receives a batch: records whose key the organisation already has are acknowledged and left
   * alone (a batch sent again after a crash); the others wait for the workers, their photos staged
   * encrypted. A record refused for its shape, or naming a photo the batch lacks, is reported.
   */
  public Received receive(Actor actor, Purpose purpose, String jobId, Batch batch) {
    Instant now = clock.instant();
    ImportStore.Job job = job(actor, jobId);
    AuditDraft draft = new AuditDraft(actor, AuditAction.CASE_CHANGE, purpose);
    PolicyDecision decision = allow(actor, purpose, draft);
    // One batch of an organisation at a time here: parallel batches carrying the same key then see
    // it as known instead of colliding in the database (which answers 409 across gateways).
    synchronized (organisationLocks.computeIfAbsent(actor.organisation(), k -> new Object())) {
      return receive(actor, job, batch, draft, decision, now);
    }
  }

  private Received receive(
      Actor actor,
      ImportStore.Job job,
      Batch batch,
      AuditDraft draft,
      PolicyDecision decision,
      Instant now) {
    Set<String> known =
        new HashSet<>(
            db.inTransaction(
                tx ->
                    store.known(
                        tx,
                        actor.organisation(),
                        batch.lines().stream().map(Batch.Line::key).toList())));
    List<String> staged = new ArrayList<>();
    int[] counts = new int[3];
    try {
      db.inTransaction(
          tx -> {
            for (Batch.Line line : batch.lines()) {
              if (known.contains(line.key())) {
                counts[1]++;
                continue;
              }
              Staged row = stage(line, batch);
              staged.addAll(row.refs());
              store.insert(tx, actor.organisation(), job.id(), row.row(), now);
              if (row.row().problem() == null) {
                List<ImportRecord.Photo> photos = line.record().photos();
                for (int i = 0; i < photos.size(); i++) {
                  store.insertPhoto(
                      tx,
                      actor.organisation(),
                      line.key(),
                      new ImportStore.StagedPhoto(i, photos.get(i).file(), row.refs().get(i)));
                }
                counts[0]++;
              } else {
                counts[2]++;
              }
            }
            audit.append(
                tx,
                draft
                    .detail(
                        "import batch received; records: "
                            + counts[0]
                            + ", known: "
                            + counts[1]
                            + ", refused: "
                            + counts[2])
                    .build(now, decision, true));
            return null;
          });
    } catch (RuntimeException e) {
      staged.forEach(images::delete);
      if (e instanceof DatabaseException && isDuplicate(e)) {
        throw new GatewayException(
            ProblemType.CONFLICT,
            "a record key of this batch arrived twice at once; send it again");
      }
      throw e;
    }
    runner.kick(job.id());
    return new Received(counts[0], counts[1], counts[2]);
  }

  /** A record's row and the references of its staged photos. */
  private record Staged(ImportStore.NewRecord row, List<String> refs) {}

  private Staged stage(Batch.Line line, Batch batch) {
    if (line.record() == null) {
      return new Staged(refusedRow(line.key(), null, line.problem(), line.reason()), List.of());
    }
    for (ImportRecord.Photo p : line.record().photos()) {
      if (!batch.files().containsKey(p.file())) {
        return new Staged(
            refusedRow(
                line.key(),
                p.file(),
                ProblemType.INVALID_REQUEST,
                "the photo " + p.file() + " is not in the batch"),
            List.of());
      }
    }
    List<String> refs = new ArrayList<>();
    for (ImportRecord.Photo p : line.record().photos()) {
      refs.add(images.put(batch.files().get(p.file())));
    }
    String facts;
    try {
      facts = json.writeValueAsString(line.record());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed record could not be written", e);
    }
    return new Staged(
        new ImportStore.NewRecord(
            line.key(),
            ImportStore.Status.PENDING.name(),
            sealer.seal(FACTS_FIELD, facts),
            line.record().photos().get(0).file(),
            null,
            null),
        refs);
  }

  private static ImportStore.NewRecord refusedRow(
      String key, String file, ProblemType type, String reason) {
    return refusedRow(key, file, type.slug(), reason);
  }

  private static ImportStore.NewRecord refusedRow(
      String key, String file, String problem, String reason) {
    return new ImportStore.NewRecord(
        key, ImportStore.Status.REFUSED.name(), null, file, problem, reason);
  }

  private static boolean isDuplicate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && s.getSQLState() != null
          && s.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }

  /** A job's progress. */
  public Progress progress(Actor actor, Purpose purpose, String jobId) {
    Instant now = clock.instant();
    ImportStore.Job job = job(actor, jobId);
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .displayed(Display.METADATA)
            .detail("import job progress");
    PolicyDecision decision = allow(actor, purpose, draft);
    return db.inTransaction(
        tx -> {
          audit.append(tx, draft.build(now, decision, true));
          return progress(tx, job, now);
        });
  }

  private Progress progress(Connection tx, ImportStore.Job job, Instant now) throws SQLException {
    ImportStore.Counts c = store.counts(tx, job.id());
    ImportStore.Recent r = store.recent(tx, job.id(), now.minus(RATE_WINDOW));
    double rate = 0;
    if (r.finished() > 1 && r.first() != null && r.last().isAfter(r.first())) {
      rate = (r.finished() - 1) / (Duration.between(r.first(), r.last()).toNanos() / 1e9);
    }
    Optional<Long> left =
        c.left() > 0 && rate > 0 ? Optional.of(Math.round(c.left() / rate)) : Optional.empty();
    boolean tomorrow =
        c.left() > 0
            && budget.importRecordsToday(tx, job.organisation(), now) >= config.recordsPerDay();
    return new Progress(
        job, c.done(), c.refused(), c.left(), rate, tomorrow ? Optional.empty() : left, tomorrow);
  }

  /** The organisation's jobs, newest first, with their progress. */
  public Page list(Actor actor, Purpose purpose, Optional<PageCursor> after, int limit) {
    Instant now = clock.instant();
    AuditDraft draft = new AuditDraft(actor, AuditAction.VIEW, purpose).displayed(Display.METADATA);
    PolicyDecision decision = allow(actor, purpose, draft);
    return db.inTransaction(
        tx -> {
          List<ImportStore.Job> jobs = store.list(tx, actor.organisation(), after, limit);
          List<Progress> out = new ArrayList<>();
          for (ImportStore.Job j : jobs) {
            out.add(progress(tx, j, now));
          }
          audit.append(
              tx,
              draft
                  .detail("import jobs listed; returned: " + jobs.size())
                  .build(now, decision, true));
          Optional<PageCursor> next =
              jobs.size() < limit
                  ? Optional.empty()
                  : Optional.of(
                      new PageCursor(
                          jobs.get(jobs.size() - 1).createdAt(), jobs.get(jobs.size() - 1).id()));
          return new Page(out, next);
        });
  }

  /** The job's refused records, in the order they arrived. */
  public List<ImportStore.Refusal> refusals(Actor actor, Purpose purpose, String jobId) {
    Instant now = clock.instant();
    ImportStore.Job job = job(actor, jobId);
    AuditDraft draft =
        new AuditDraft(actor, AuditAction.VIEW, purpose)
            .displayed(Display.METADATA)
            .detail("import refusals read");
    PolicyDecision decision = allow(actor, purpose, draft);
    return db.inTransaction(
        tx -> {
          audit.append(tx, draft.build(now, decision, true));
          return store.refusals(tx, job.id());
        });
  }

  private ImportStore.Job job(Actor actor, String jobId) {
    if (!Ids.looksLike("j", jobId)) {
      throw new GatewayException(ProblemType.NOT_FOUND, "no such import job");
    }
    return db.inTransaction(tx -> store.find(tx, actor.organisation(), jobId))
        .orElseThrow(() -> new GatewayException(ProblemType.NOT_FOUND, "no such import job"));
  }

  private PolicyDecision allow(Actor actor, Purpose purpose, AuditDraft draft) {
    return guard.require(
        PolicyRequest.of(actor, Action.IMPORT_CASES).purpose(purpose).build(), draft);
  }
}
