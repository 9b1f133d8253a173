package io.homeward.gateway.store;

import io.homeward.gateway.domain.AgeBasis;
import io.homeward.gateway.domain.FaceArea;
import io.homeward.gateway.domain.PhotoSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Photo metadata. Every method runs in the caller's transaction. */
@ApplicationScoped
public class PhotoStore {

  public void insert(Connection tx, PhotoRecord p) throws SQLException {
    Sql.update(
        tx,
        "insert into photos (id, case_id, face_id, image_ref, source, age_at_photo,"
            + " photo_year, quality, model_version, state, created_at, delete_after, face_box_x,"
            + " face_box_y, face_box_width, face_box_height) values"
            + " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        b ->
            b.string(p.id())
                .string(p.caseId())
                .bigint(p.faceId())
                .string(p.imageRef())
                .name(p.source())
                .real(p.ageAtPhoto())
                .integer(p.photoYear())
                .real(p.quality())
                .string(p.modelVersion())
                .name(p.state())
                .timestamp(p.createdAt())
                .timestamp(p.deleteAfter())
                .integer(p.faceBox() == null ? null : p.faceBox().x())
                .integer(p.faceBox() == null ? null : p.faceBox().y())
                .integer(p.faceBox() == null ? null : p.faceBox().width())
                .integer(p.faceBox() == null ? null : p.faceBox().height()));
  }

  /** Records the age range a photo's age was derived from, and where it came from (issue 11). */
  public void setAgeRange(Connection tx, String photoId, Float from, Float to, AgeBasis basis)
      throws SQLException {
    Sql.update(
        tx,
        "update photos set age_from = ?, age_to = ?, age_basis = ? where id = ?",
        p -> p.real(from).real(to).string(basis.name()).string(photoId));
  }

  /**
   * Keeps the keyed hash of the photo's image (rule 16) and the id of the key that made it, so that
   * a search with the photo need not decrypt it.
   */
  public void setProbeHmac(Connection tx, String photoId, String hmac, String keyId)
      throws SQLException {
    Sql.update(
        tx,
        "update photos set probe_hmac = ?, probe_key = ? where id = ? and state <> 'ERASED'",
        p -> p.string(hmac).string(keyId).string(photoId));
  }

  /**
   * The recorded keyed hashes of a case's photo images made with the key {@code keyId}, by photo
   * id.
   */
  public Map<String, String> probeHmacs(Connection tx, String caseId, String keyId)
      throws SQLException {
    Map<String, String> out = new HashMap<>();
    Sql.query(
            tx,
            "select id, probe_hmac from photos where case_id = ? and probe_key = ?"
                + " and probe_hmac is not null",
            p -> p.string(caseId).string(keyId),
            r -> Map.entry(r.getString(1), r.getString(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  public Optional<PhotoRecord> find(Connection tx, String id) throws SQLException {
    return Sql.one(tx, "select * from photos where id = ?", p -> p.string(id), PhotoStore::photo);
  }

  /**
   * Records the client's key for the enrolment that stored the photo. A second photo of the case
   * with the same key breaks the unique index ({@link Sql#isUniqueViolation}): the enrolment was
   * stored already.
   */
  public void setRequestKey(Connection tx, String photoId, String requestKey) throws SQLException {
    Sql.update(
        tx,
        "update photos set request_key = ? where id = ?",
        p -> p.string(requestKey).string(photoId));
  }

  /** The photo an earlier enrolment with this key stored under the case, if any. */
  public Optional<PhotoRecord> byRequestKey(Connection tx, String caseId, String requestKey)
      throws SQLException {
    return Sql.one(
        tx,
        "select * from photos where case_id = ? and request_key = ?",
        p -> p.string(caseId).string(requestKey),
        PhotoStore::photo);
  }

  /**
   * Photos a re-embedding job reads: live (an image, not erased) in an open case (what the index
   * holds), by id after the cursor, so the job resumes where it stopped.
   */
  public List<PhotoRecord> indexableAfter(Connection tx, String cursor, int limit)
      throws SQLException {
    String base =
        "select p.* from photos p join cases c on c.id = p.case_id where p.state in"
            + " ('STORED','INDEXED') and c.status = 'OPEN'";
    return cursor == null
        ? Sql.query(tx, base + " order by p.id limit ?", p -> p.integer(limit), PhotoStore::photo)
        : Sql.query(
            tx,
            base + " and p.id > ? order by p.id limit ?",
            p -> p.string(cursor).integer(limit),
            PhotoStore::photo);
  }

  /** How many photos {@link #indexableAfter} reads in all. */
  public long countIndexable(Connection tx) throws SQLException {
    return Sql.count(
        tx,
        "select count(*) from photos p join cases c on c.id = p.case_id where p.state in"
            + " ('STORED','INDEXED') and c.status = 'OPEN'",
        Sql.NONE);
  }

  public Optional<PhotoRecord> byFaceId(Connection tx, long faceId) throws SQLException {
    return Sql.one(
        tx, "select * from photos where face_id = ?", p -> p.bigint(faceId), PhotoStore::photo);
  }

  /** The case's photos that still have an image (not erased, not one-time probes). */
  public List<PhotoRecord> liveByCase(Connection tx, String caseId) throws SQLException {
    return Sql.query(
        tx,
        "select * from photos where case_id = ? and state in ('STORED','INDEXED') order by"
            + " created_at",
        p -> p.string(caseId),
        PhotoStore::photo);
  }

  /**
   * A page of {@link #liveByCase}: oldest first, after the cursor (keyset on the time stored and
   * the id).
   */
  public List<PhotoRecord> liveByCase(
      Connection tx, String caseId, Optional<PageCursor> after, int limit) throws SQLException {
    String page = after.isEmpty() ? "" : " and (created_at > ? or (created_at = ? and id > ?))";
    return Sql.query(
        tx,
        "select * from photos where case_id = ? and state in ('STORED','INDEXED')"
            + page
            + " order by created_at, id limit ?",
        p -> {
          p.string(caseId);
          if (after.isPresent()) {
            p.timestamp(after.get().at()).timestamp(after.get().at()).string(after.get().id());
          }
          p.integer(limit);
        },
        PhotoStore::photo);
  }

  public List<PhotoRecord> withState(Connection tx, PhotoState state) throws SQLException {
    return Sql.query(
        tx, "select * from photos where state = ?", p -> p.name(state), PhotoStore::photo);
  }

  /** Photos whose deadline passed (one-time probes after 24 h). */
  public List<PhotoRecord> dueForDeletion(Connection tx, Instant now) throws SQLException {
    return Sql.query(
        tx,
        "select * from photos where delete_after is not null and delete_after <= ? and state"
            + " <> 'ERASED'",
        p -> p.timestamp(now),
        PhotoStore::photo);
  }

  /**
   * Every image reference the database knows (for the orphan check), strangers' photos held for a
   * one-time search included.
   */
  public List<String> liveImageRefs(Connection tx) throws SQLException {
    return Sql.query(
        tx,
        "select image_ref from photos where image_ref is not null and state <> 'ERASED' union all"
            + " select image_ref from one_time_searches where image_ref is not null",
        Sql.NONE,
        rs -> rs.getString(1));
  }

  public void setState(Connection tx, Collection<String> photoIds, PhotoState state, Instant now)
      throws SQLException {
    boolean indexed = state == PhotoState.INDEXED;
    boolean erased = state == PhotoState.ERASED;
    Sql.batch(
        tx,
        "update photos set state = ?, indexed_at = case when ? then ? else indexed_at end,"
            + " deleted_at = case when ? then ? else deleted_at end,"
            + " image_ref = case when ? then null else image_ref end,"
            + " probe_hmac = case when ? then null else probe_hmac end where id = ?",
        photoIds,
        (p, id) ->
            p.name(state)
                .bool(indexed)
                .timestamp(now)
                .bool(erased)
                .timestamp(now)
                .bool(erased)
                .bool(erased)
                .string(id));
  }

  /** Marks a photo INDEXED only if it is still STORED (an erasure in between wins). */
  public boolean markIndexed(Connection tx, String photoId, Instant now) throws SQLException {
    return Sql.update(
            tx,
            "update photos set state = 'INDEXED', indexed_at = ? where id = ? and state ="
                + " 'STORED'",
            p -> p.timestamp(now).string(photoId))
        == 1;
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
        Sql.instant(rs, "delete_after"),
        faceBox(rs));
  }

  private static FaceArea faceBox(ResultSet rs) throws SQLException {
    Integer x = Sql.integer(rs, "face_box_x");
    return x == null
        ? null
        : new FaceArea(
            x, rs.getInt("face_box_y"), rs.getInt("face_box_width"), rs.getInt("face_box_height"));
  }
}
