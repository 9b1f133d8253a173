package io.homeward.gateway.store;

import io.homeward.gateway.domain.PhotoSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Photo metadata. Every method runs in the caller's transaction. */
@ApplicationScoped
public class PhotoStore {

  public void insert(Connection tx, PhotoRecord p) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into photos (id, case_id, face_id, image_ref, source, age_at_photo,"
                + " photo_year, quality, model_version, state, created_at, delete_after) values"
                + " (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, p.id());
      ps.setString(2, p.caseId());
      ps.setLong(3, p.faceId());
      ps.setString(4, p.imageRef());
      ps.setString(5, p.source().name());
      Sql.setReal(ps, 6, p.ageAtPhoto());
      Sql.setInteger(ps, 7, p.photoYear());
      Sql.setReal(ps, 8, p.quality());
      ps.setString(9, p.modelVersion());
      ps.setString(10, p.state().name());
      ps.setTimestamp(11, Sql.ts(p.createdAt()));
      ps.setTimestamp(12, Sql.ts(p.deleteAfter()));
      ps.executeUpdate();
    }
  }

  /** Records the age range a photo's age was derived from, and where it came from (issue 11). */
  public void setAgeRange(
      Connection tx,
      String photoId,
      Float from,
      Float to,
      io.homeward.gateway.domain.AgeBasis basis)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update photos set age_from = ?, age_to = ?, age_basis = ? where id = ?")) {
      Sql.setReal(ps, 1, from);
      Sql.setReal(ps, 2, to);
      ps.setString(3, basis.name());
      ps.setString(4, photoId);
      ps.executeUpdate();
    }
  }

  public Optional<PhotoRecord> find(Connection tx, String id) throws SQLException {
    return one(tx, "select * from photos where id = ?", id);
  }

  public Optional<PhotoRecord> byFaceId(Connection tx, long faceId) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("select * from photos where face_id = ?")) {
      ps.setLong(1, faceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(photo(rs)) : Optional.empty();
      }
    }
  }

  /** The case's photos that still have an image (not erased, not one-time probes). */
  public List<PhotoRecord> liveByCase(Connection tx, String caseId) throws SQLException {
    return many(
        tx,
        "select * from photos where case_id = ? and state in ('STORED','INDEXED') order by"
            + " created_at",
        caseId);
  }

  /**
   * A page of {@link #liveByCase}: oldest first, after the cursor (keyset on the time stored and
   * the id).
   */
  public List<PhotoRecord> liveByCase(
      Connection tx, String caseId, Optional<PageCursor> after, int limit) throws SQLException {
    String page = after.isEmpty() ? "" : " and (created_at > ? or (created_at = ? and id > ?))";
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select * from photos where case_id = ? and state in ('STORED','INDEXED')"
                + page
                + " order by created_at, id limit ?")) {
      int i = 1;
      ps.setString(i++, caseId);
      if (after.isPresent()) {
        ps.setTimestamp(i++, Sql.ts(after.get().at()));
        ps.setTimestamp(i++, Sql.ts(after.get().at()));
        ps.setString(i++, after.get().id());
      }
      ps.setInt(i, limit);
      List<PhotoRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(photo(rs));
        }
      }
      return out;
    }
  }

  public List<PhotoRecord> withState(Connection tx, PhotoState state) throws SQLException {
    return many(tx, "select * from photos where state = ?", state.name());
  }

  /** Photos whose deadline passed (one-time probes after 24 h). */
  public List<PhotoRecord> dueForDeletion(Connection tx, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select * from photos where delete_after is not null and delete_after <= ? and state"
                + " <> 'ERASED'")) {
      ps.setTimestamp(1, Sql.ts(now));
      List<PhotoRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(photo(rs));
        }
      }
      return out;
    }
  }

  /** Every image reference the database knows (for the orphan check). */
  public List<String> liveImageRefs(Connection tx) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
            tx.prepareStatement(
                "select image_ref from photos where image_ref is not null and state <> 'ERASED'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  public void setState(Connection tx, Collection<String> photoIds, PhotoState state, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update photos set state = ?, indexed_at = case when ? then ? else indexed_at end,"
                + " deleted_at = case when ? then ? else deleted_at end,"
                + " image_ref = case when ? then null else image_ref end where id = ?")) {
      for (String id : photoIds) {
        boolean indexed = state == PhotoState.INDEXED;
        boolean erased = state == PhotoState.ERASED;
        ps.setString(1, state.name());
        ps.setBoolean(2, indexed);
        ps.setTimestamp(3, Sql.ts(now));
        ps.setBoolean(4, erased);
        ps.setTimestamp(5, Sql.ts(now));
        ps.setBoolean(6, erased);
        ps.setString(7, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Marks a photo INDEXED only if it is still STORED (an erasure in between wins). */
  public boolean markIndexed(Connection tx, String photoId, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update photos set state = 'INDEXED', indexed_at = ? where id = ? and state ="
                + " 'STORED'")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setString(2, photoId);
      return ps.executeUpdate() == 1;
    }
  }

  private Optional<PhotoRecord> one(Connection tx, String sql, String arg) throws SQLException {
    List<PhotoRecord> list = many(tx, sql, arg);
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  private List<PhotoRecord> many(Connection tx, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      ps.setString(1, arg);
      List<PhotoRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(photo(rs));
        }
      }
      return out;
    }
  }

  private static PhotoRecord photo(ResultSet rs) throws SQLException {
    return new PhotoRecord(
        rs.getString("id"),
        rs.getString("case_id"),
        rs.getLong("face_id"),
        rs.getString("image_ref"),
        PhotoSource.valueOf(rs.getString("source")),
        Sql.real(rs, "age_at_photo"),
        Sql.integer(rs, "photo_year"),
        Sql.real(rs, "quality"),
        rs.getString("model_version"),
        PhotoState.valueOf(rs.getString("state")),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "delete_after"));
  }
}
