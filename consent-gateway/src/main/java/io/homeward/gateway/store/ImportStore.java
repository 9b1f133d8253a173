package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bulk import jobs and their records (V20). A record is keyed by the organisation and the client's
 * record key; it waits ({@code PENDING}) until it is enrolled ({@code DONE}) or refused ({@code
 * REFUSED}). Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class ImportStore {
  /** Where a record stands. */
  public enum Status {
    PENDING,
    DONE,
    REFUSED
  }

  /** A job and who runs it: the background worker acts as the person who created the job. */
  public record Job(
      String id,
      String organisation,
      String createdBy,
      String actingAs,
      String roles,
      String authMethod,
      String purpose,
      Instant createdAt) {}

  /** How far a job has come. */
  public record Counts(long done, long refused, long left) {}

  /** A record waiting to be enrolled. */
  public record Waiting(String key, long seq, byte[] factsSealed, List<StagedPhoto> photos) {}

  /** A photo received with a record, staged in the encrypted image store until it is enrolled. */
  public record StagedPhoto(int position, String fileName, String stagedRef) {}

  /** A refused record, for the report. */
  public record Refusal(String key, String fileName, String problem, String reason) {}

  /** A record of a new batch. */
  public record NewRecord(
      String key,
      String status,
      byte[] factsSealed,
      String fileName,
      String problem,
      String reason) {}

  public void insert(Connection tx, Job job) throws SQLException {
    Sql.update(
        tx,
        "insert into import_jobs (id, organisation_id, created_by, acting_as, roles, auth_method,"
            + " purpose, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        p ->
            p.string(job.id())
                .string(job.organisation())
                .string(job.createdBy())
                .string(job.actingAs())
                .string(job.roles())
                .string(job.authMethod())
                .string(job.purpose())
                .timestamp(job.createdAt()));
  }

  /** The job, when it belongs to the organisation. */
  public Optional<Job> find(Connection tx, String organisation, String jobId) throws SQLException {
    return Sql.one(
        tx,
        "select * from import_jobs where id = ? and organisation_id = ?",
        p -> p.string(jobId).string(organisation),
        ImportStore::job);
  }

  /** A job by its id alone, for the background worker. */
  public Optional<Job> findById(Connection tx, String jobId) throws SQLException {
    return Sql.one(
        tx, "select * from import_jobs where id = ?", p -> p.string(jobId), ImportStore::job);
  }

  /** The images staged for waiting records (the reconciler must not take them for orphans). */
  public List<String> stagedRefs(Connection tx) throws SQLException {
    return Sql.query(
        tx,
        "select staged_ref from import_photos where staged_ref is not null",
        Sql.NONE,
        rs -> rs.getString(1));
  }

  /** The organisation's jobs, newest first, after the cursor. */
  public List<Job> list(Connection tx, String organisation, Optional<PageCursor> after, int limit)
      throws SQLException {
    if (after.isEmpty()) {
      return Sql.query(
          tx,
          "select * from import_jobs where organisation_id = ? order by created_at desc, id desc"
              + " limit ?",
          p -> p.string(organisation).integer(limit),
          ImportStore::job);
    }
    PageCursor c = after.get();
    return Sql.query(
        tx,
        "select * from import_jobs where organisation_id = ? and (created_at < ? or (created_at = ?"
            + " and id < ?)) order by created_at desc, id desc limit ?",
        p ->
            p.string(organisation)
                .timestamp(c.at())
                .timestamp(c.at())
                .string(c.id())
                .integer(limit),
        ImportStore::job);
  }

  /** Jobs that still have records waiting (to resume them after a restart). */
  public List<String> jobsWaiting(Connection tx) throws SQLException {
    return Sql.query(
        tx,
        "select distinct job_id from import_records where status = 'PENDING'",
        Sql.NONE,
        rs -> rs.getString(1));
  }

  /** Which of these keys the organisation already has (in any job). */
  public List<String> known(Connection tx, String organisation, List<String> keys)
      throws SQLException {
    if (keys.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", keys.stream().map(k -> "?").toList());
    return Sql.query(
        tx,
        "select record_key from import_records where organisation_id = ? and record_key in ("
            + marks
            + ")",
        p -> {
          p.string(organisation);
          for (String k : keys) {
            p.string(k);
          }
        },
        rs -> rs.getString(1));
  }

  /** Adds a record to the job; a refused one comes with its reason and no facts. */
  public void insert(Connection tx, String organisation, String jobId, NewRecord r, Instant now)
      throws SQLException {
    long seq =
        Sql.count(
                tx,
                "select coalesce(max(seq), 0) from import_records where job_id = ?",
                p -> p.string(jobId))
            + 1;
    boolean refused = Status.REFUSED.name().equals(r.status());
    Sql.update(
        tx,
        "insert into import_records (organisation_id, record_key, job_id, seq, status,"
            + " facts_sealed, file_name, problem, reason, received_at, finished_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p ->
            p.string(organisation)
                .string(r.key())
                .string(jobId)
                .bigint(seq)
                .string(r.status())
                .bytes(r.factsSealed())
                .string(r.fileName())
                .string(r.problem())
                .string(r.reason())
                .timestamp(now)
                .timestamp(refused ? now : null));
  }

  public void insertPhoto(Connection tx, String organisation, String key, StagedPhoto photo)
      throws SQLException {
    Sql.update(
        tx,
        "insert into import_photos (organisation_id, record_key, photo_no, file_name, staged_ref)"
            + " values (?, ?, ?, ?, ?)",
        p ->
            p.string(organisation)
                .string(key)
                .integer(photo.position())
                .string(photo.fileName())
                .string(photo.stagedRef()));
  }

  /** The job's next waiting records, oldest first, skipping those already taken. */
  public List<Waiting> waiting(
      Connection tx, String organisation, String jobId, long afterSeq, int limit)
      throws SQLException {
    List<Waiting> records =
        Sql.query(
            tx,
            "select record_key, seq, facts_sealed from import_records where job_id = ? and"
                + " status = 'PENDING' and seq > ? order by seq limit ?",
            p -> p.string(jobId).bigint(afterSeq).integer(limit),
            rs ->
                new Waiting(
                    rs.getString("record_key"),
                    rs.getLong("seq"),
                    rs.getBytes("facts_sealed"),
                    List.of()));
    List<Waiting> out = new ArrayList<>();
    for (Waiting w : records) {
      out.add(new Waiting(w.key(), w.seq(), w.factsSealed(), photos(tx, organisation, w.key())));
    }
    return out;
  }

  private static List<StagedPhoto> photos(Connection tx, String organisation, String key)
      throws SQLException {
    return Sql.query(
        tx,
        "select photo_no, file_name, staged_ref from import_photos where organisation_id = ? and"
            + " record_key = ? order by photo_no",
        p -> p.string(organisation).string(key),
        rs ->
            new StagedPhoto(
                rs.getInt("photo_no"), rs.getString("file_name"), rs.getString("staged_ref")));
  }

  /**
   * Marks a waiting record done or refused and forgets its facts and staged photos; false when it
   * was no longer waiting (another worker finished it: the caller rolls back).
   */
  public boolean finish(
      Connection tx,
      String organisation,
      String key,
      Status status,
      String caseId,
      String fileName,
      String problem,
      String reason,
      Instant now)
      throws SQLException {
    int changed =
        Sql.update(
            tx,
            "update import_records set status = ?, case_id = ?, file_name = coalesce(?, file_name),"
                + " problem = ?, reason = ?, finished_at = ?, facts_sealed = null where"
                + " organisation_id = ? and record_key = ? and status = 'PENDING'",
            p ->
                p.name(status)
                    .string(caseId)
                    .string(fileName)
                    .string(problem)
                    .string(reason)
                    .timestamp(now)
                    .string(organisation)
                    .string(key));
    Sql.update(
        tx,
        "update import_photos set staged_ref = null where organisation_id = ? and record_key = ?",
        p -> p.string(organisation).string(key));
    return changed == 1;
  }

  public Counts counts(Connection tx, String jobId) throws SQLException {
    long[] n = new long[3];
    Sql.query(
        tx,
        "select status, count(*) from import_records where job_id = ? group by status",
        p -> p.string(jobId),
        rs -> {
          n[Status.valueOf(rs.getString(1)).ordinal()] = rs.getLong(2);
          return null;
        });
    return new Counts(
        n[Status.DONE.ordinal()], n[Status.REFUSED.ordinal()], n[Status.PENDING.ordinal()]);
  }

  /** How many records the job finished since {@code since}, and the first of them finished when. */
  public record Recent(long finished, Instant first, Instant last) {}

  public Recent recent(Connection tx, String jobId, Instant since) throws SQLException {
    return Sql.one(
            tx,
            "select count(*), min(finished_at), max(finished_at) from import_records where job_id"
                + " = ? and finished_at is not null and finished_at >= ?",
            p -> p.string(jobId).timestamp(since),
            rs ->
                new Recent(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))))
        .orElseThrow();
  }

  public List<Refusal> refusals(Connection tx, String jobId) throws SQLException {
    return Sql.query(
        tx,
        "select record_key, file_name, problem, reason from import_records where job_id = ? and"
            + " status = 'REFUSED' order by seq",
        p -> p.string(jobId),
        rs ->
            new Refusal(
                rs.getString("record_key"),
                rs.getString("file_name"),
                rs.getString("problem"),
                rs.getString("reason")));
  }

  private static Job job(ResultSet rs) throws SQLException {
    return new Job(
        rs.getString("id"),
        rs.getString("organisation_id"),
        rs.getString("created_by"),
        rs.getString("acting_as"),
        rs.getString("roles"),
        rs.getString("auth_method"),
        rs.getString("purpose"),
        Sql.instant(rs, "created_at"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
