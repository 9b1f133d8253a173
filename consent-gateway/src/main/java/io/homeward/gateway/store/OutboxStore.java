package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Index writes and removals committed with the change that needs them, and retried until the search
 * service acknowledges them.
 */
@ApplicationScoped
public class OutboxStore {
  /** What an outbox row asks of the search service. */
  public enum Kind {
    /** Index one photo's face (re-embedded from the stored image if no vector is at hand). */
    UPSERT,
    /** Remove one face from the index. */
    REMOVE_FACE,
    /** Remove every face of a case from the index. */
    REMOVE_CASE
  }

  /** One pending row. */
  public record Entry(
      long id, Kind kind, String photoId, Long faceId, String caseId, int attempts) {}

  public long enqueue(
      Connection tx, Kind kind, String photoId, Long faceId, String caseId, Instant now)
      throws SQLException {
    return Sql.insertReturningKey(
        tx,
        "insert into outbox (kind, photo_id, face_id, case_id, created_at, next_attempt_at)"
            + " values (?,?,?,?,?,?)",
        "id",
        p ->
            p.name(kind)
                .string(photoId)
                .bigint(faceId)
                .string(caseId)
                .timestamp(now)
                .timestamp(now));
  }

  /** Rows due now, oldest first. */
  public List<Entry> due(Connection tx, Instant now, int limit) throws SQLException {
    return Sql.query(
        tx,
        "select id, kind, photo_id, face_id, case_id, attempts from outbox where done_at is"
            + " null and next_attempt_at <= ? order by id limit ?",
        p -> p.timestamp(now).integer(limit),
        rs ->
            new Entry(
                rs.getLong("id"),
                Kind.valueOf(rs.getString("kind")),
                rs.getString("photo_id"),
                Sql.bigint(rs, "face_id"),
                rs.getString("case_id"),
                rs.getInt("attempts")));
  }

  public long pendingCount(Connection tx) throws SQLException {
    return Sql.count(tx, "select count(*) from outbox where done_at is null", Sql.NONE);
  }

  public boolean hasPendingUpsert(Connection tx, String photoId) throws SQLException {
    return Sql.count(
            tx,
            "select count(*) from outbox where done_at is null and kind = 'UPSERT' and photo_id ="
                + " ?",
            p -> p.string(photoId))
        > 0;
  }

  public void done(Connection tx, long id, Instant now) throws SQLException {
    Sql.update(
        tx,
        "update outbox set done_at = ?, attempts = attempts + 1 where id = ?",
        p -> p.timestamp(now).bigint(id));
  }

  public void failed(Connection tx, long id, String reason, Instant next) throws SQLException {
    Sql.update(
        tx,
        "update outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where"
            + " id = ?",
        p -> p.string(reason).timestamp(next).bigint(id));
  }

  /**
   * Makes due now the pending rows that wait because a service was unavailable or busy (their last
   * error says so); other failures keep their backoff. Returns how many.
   */
  public int releaseWaiting(Connection tx, Instant now) throws SQLException {
    return Sql.update(
        tx,
        "update outbox set next_attempt_at = ? where done_at is null and next_attempt_at > ?"
            + " and last_error in ('DEPENDENCY_UNAVAILABLE', 'OVERLOADED')",
        p -> p.timestamp(now).timestamp(now));
  }
}
