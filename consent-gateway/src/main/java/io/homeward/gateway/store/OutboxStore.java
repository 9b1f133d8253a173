package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
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
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into outbox (kind, photo_id, face_id, case_id, created_at, next_attempt_at)"
                + " values (?,?,?,?,?,?)",
            new String[] {"id"})) {
      ps.setString(1, kind.name());
      ps.setString(2, photoId);
      if (faceId == null) {
        ps.setNull(3, Types.BIGINT);
      } else {
        ps.setLong(3, faceId);
      }
      ps.setString(4, caseId);
      ps.setTimestamp(5, Sql.ts(now));
      ps.setTimestamp(6, Sql.ts(now));
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** Rows due now, oldest first. */
  public List<Entry> due(Connection tx, Instant now, int limit) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select id, kind, photo_id, face_id, case_id, attempts from outbox where done_at is"
                + " null and next_attempt_at <= ? order by id limit ?")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setInt(2, limit);
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long face = rs.getLong("face_id");
          Long faceId = rs.wasNull() ? null : face;
          out.add(
              new Entry(
                  rs.getLong("id"),
                  Kind.valueOf(rs.getString("kind")),
                  rs.getString("photo_id"),
                  faceId,
                  rs.getString("case_id"),
                  rs.getInt("attempts")));
        }
      }
      return out;
    }
  }

  public long pendingCount(Connection tx) throws SQLException {
    try (PreparedStatement ps =
            tx.prepareStatement("select count(*) from outbox where done_at is null");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public boolean hasPendingUpsert(Connection tx, String photoId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select count(*) from outbox where done_at is null and kind = 'UPSERT' and photo_id ="
                + " ?")) {
      ps.setString(1, photoId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  public void done(Connection tx, long id, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update outbox set done_at = ?, attempts = attempts + 1 where id = ?")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  public void failed(Connection tx, long id, String reason, Instant next) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where"
                + " id = ?")) {
      ps.setString(1, reason);
      ps.setTimestamp(2, Sql.ts(next));
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }
}
