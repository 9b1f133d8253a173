package io.homeward.gateway.store;

import io.homeward.gateway.domain.SpaceRef;
import io.homeward.gateway.domain.SpaceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The vector spaces and their re-embedding jobs. Every method runs in the caller's transaction. */
@ApplicationScoped
public class SpaceStore {
  /** What became of one photo a re-embedding job read. */
  public enum PhotoOutcome {
    EMBEDDED,
    /** The embedder refused it (the stored image no longer passes, or is gone). */
    REFUSED,
    /** Erased, withdrawn or closed since the page was read: nothing to copy. */
    SKIPPED
  }

  public void insert(Connection tx, SpaceRef ref, SpaceStatus status, String by, Instant now)
      throws SQLException {
    Sql.update(
        tx,
        "insert into vector_spaces (id, model_id, model_version, projection, dimension, status,"
            + " started_by, started_at, switched_at) values (?,?,?,?,?,?,?,?,?)",
        p ->
            p.string(ref.id())
                .string(ref.modelId())
                .string(ref.modelVersion())
                .string(ref.projection())
                .integer(ref.dimension())
                .name(status)
                .string(by)
                .timestamp(now)
                .timestamp(status == SpaceStatus.LIVE ? now : null));
  }

  /** Every space, newest first. */
  public List<SpaceRecord> all(Connection tx) throws SQLException {
    return Sql.query(
        tx, "select * from vector_spaces order by started_at desc, id", Sql.NONE, SpaceStore::row);
  }

  public Optional<SpaceRecord> find(Connection tx, String id) throws SQLException {
    return Sql.one(
        tx, "select * from vector_spaces where id = ?", p -> p.string(id), SpaceStore::row);
  }

  /** The spaces in one state, oldest first. */
  public List<SpaceRecord> withStatus(Connection tx, SpaceStatus status) throws SQLException {
    return Sql.query(
        tx,
        "select * from vector_spaces where status = ? order by started_at, id",
        p -> p.name(status),
        SpaceStore::row);
  }

  /**
   * Locks the space rows for a change of state (a job started, a switch), so two such changes run
   * one after the other.
   */
  public void lock(Connection tx) throws SQLException {
    Sql.query(tx, "select id from vector_spaces for update", Sql.NONE, rs -> rs.getString(1));
  }

  /** A job (re)started into a space: counts from zero, the live photos to read. */
  public void startJob(Connection tx, String id, int total, String by, Instant now)
      throws SQLException {
    Sql.update(
        tx,
        "update vector_spaces set status = 'BUILDING', photos_total = ?, photos_done = 0,"
            + " photos_failed = 0, job_cursor = null, problem = null, started_by = ?,"
            + " started_at = ?, completed_at = null, switched_at = null, drop_after = null,"
            + " dropped_at = null where id = ?",
        p -> p.integer(total).string(by).timestamp(now).string(id));
  }

  /** One photo handled by the job (skipped photos only move the cursor). */
  public void progress(Connection tx, String id, String photoId, PhotoOutcome outcome)
      throws SQLException {
    String counter =
        switch (outcome) {
          case EMBEDDED -> ", photos_done = photos_done + 1";
          case REFUSED -> ", photos_failed = photos_failed + 1";
          case SKIPPED -> "";
        };
    Sql.update(
        tx,
        "update vector_spaces set job_cursor = ?" + counter + " where id = ?",
        p -> p.string(photoId).string(id));
  }

  public void completed(Connection tx, String id, Instant now) throws SQLException {
    Sql.update(
        tx,
        "update vector_spaces set completed_at = ? where id = ? and completed_at is null",
        p -> p.timestamp(now).string(id));
  }

  public void problem(Connection tx, String id, String problem) throws SQLException {
    Sql.update(
        tx, "update vector_spaces set problem = ? where id = ?", p -> p.string(problem).string(id));
  }

  /** The switch: the old live space retires until {@code dropAfter}, the new one goes live. */
  public void switchLive(Connection tx, String from, String to, Instant now, Instant dropAfter)
      throws SQLException {
    Sql.update(
        tx,
        "update vector_spaces set status = 'RETIRING', drop_after = ? where id = ? and status ="
            + " 'LIVE'",
        p -> p.timestamp(dropAfter).string(from));
    Sql.update(
        tx,
        "update vector_spaces set status = 'LIVE', switched_at = ?, problem = null where id = ?"
            + " and status = 'BUILDING'",
        p -> p.timestamp(now).string(to));
  }

  public void dropped(Connection tx, String id, Instant now) throws SQLException {
    Sql.update(
        tx,
        "update vector_spaces set status = 'DROPPED', dropped_at = ? where id = ?",
        p -> p.timestamp(now).string(id));
  }

  private static SpaceRecord row(ResultSet rs) throws SQLException {
    return new SpaceRecord(
        new SpaceRef(
            rs.getString("model_id"),
            rs.getString("model_version"),
            rs.getString("projection"),
            rs.getInt("dimension")),
        SpaceStatus.valueOf(rs.getString("status")),
        rs.getInt("photos_total"),
        rs.getInt("photos_done"),
        rs.getInt("photos_failed"),
        rs.getString("job_cursor"),
        rs.getString("problem"),
        rs.getString("started_by"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "completed_at"),
        Sql.instant(rs, "switched_at"),
        Sql.instant(rs, "drop_after"),
        Sql.instant(rs, "dropped_at"));
  }
}
