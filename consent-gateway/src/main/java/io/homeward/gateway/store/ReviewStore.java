package io.homeward.gateway.store;

import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.FacialFeature;
import io.homeward.gateway.domain.FeatureAssessment;
import io.homeward.gateway.domain.ReviewOrigin;
import io.homeward.gateway.domain.ReviewStatus;
import io.homeward.gateway.domain.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Review items and examiners' verdicts. Every method runs in the caller's transaction. */
@ApplicationScoped
public class ReviewStore {
  /** Status of an item before two examiners agree. */
  public static final String OPEN = ReviewStatus.OPEN.name();

  /** An item involving a protected person: held for the protection officer, never queued. */
  public static final String PROTECTED_HOLD = ReviewStatus.PROTECTED_HOLD.name();

  /** Inserts a pair once; returns whether it was new. */
  public boolean insertIfAbsent(Connection tx, ReviewItem item) throws SQLException {
    if (Sql.count(
            tx,
            "select count(*) from review_items where missing_face_id = ? and found_face_id = ?",
            p -> p.bigint(item.missingFaceId()).bigint(item.foundFaceId()))
        > 0) {
      return false;
    }
    Sql.update(
        tx,
        "insert into review_items (id, missing_face_id, found_face_id, missing_case_id,"
            + " found_case_id, band, raw_score, status, created_at, origin) values"
            + " (?,?,?,?,?,?,?,?,?,?)",
        p ->
            p.string(item.id())
                .bigint(item.missingFaceId())
                .bigint(item.foundFaceId())
                .string(item.missingCaseId())
                .string(item.foundCaseId())
                .name(item.band())
                .real(item.rawScore())
                .string(item.status())
                .timestamp(item.createdAt())
                .name(item.origin()));
    return true;
  }

  /** The item of a pair, if there is one. */
  public Optional<ReviewItem> forPair(Connection tx, long missingFaceId, long foundFaceId)
      throws SQLException {
    return Sql.one(
        tx,
        "select * from review_items where missing_face_id = ? and found_face_id = ?",
        p -> p.bigint(missingFaceId).bigint(foundFaceId),
        ReviewStore::item);
  }

  /** Whether the pair was referred to the examiners (whatever raised its item). */
  public boolean referred(Connection tx, long missingFaceId, long foundFaceId) throws SQLException {
    return Sql.exists(
        tx,
        "select 1 from review_items where missing_face_id = ? and found_face_id = ? and"
            + " referred_by is not null",
        p -> p.bigint(missingFaceId).bigint(foundFaceId));
  }

  /**
   * Records the first referral of an item (who, acting as which role, when, the sealed note);
   * returns whether this call recorded it. A later referral of the same pair changes nothing.
   */
  public boolean recordReferral(
      Connection tx, String reviewId, String by, String role, byte[] noteSealed, Instant now)
      throws SQLException {
    return Sql.update(
            tx,
            "update review_items set referred_by = ?, referred_role = ?, referred_at = ?,"
                + " referral_note_sealed = ? where id = ? and referred_by is null",
            p -> p.string(by).string(role).timestamp(now).bytes(noteSealed).string(reviewId))
        == 1;
  }

  /** When the item was referred, if it was. */
  public Optional<Instant> referredAt(Connection tx, String reviewId) throws SQLException {
    return Sql.one(
        tx,
        "select referred_at from review_items where id = ? and referred_by is not null",
        p -> p.string(reviewId),
        rs -> Sql.instant(rs, "referred_at"));
  }

  public Optional<ReviewItem> find(Connection tx, String id, boolean forUpdate)
      throws SQLException {
    return Sql.one(
        tx,
        "select * from review_items where id = ?" + (forUpdate ? " for update" : ""),
        p -> p.string(id),
        ReviewStore::item);
  }

  /** Items touching a case (either side), newest first. */
  public List<ReviewItem> forCase(Connection tx, String caseId) throws SQLException {
    return Sql.query(
        tx,
        "select * from review_items where missing_case_id = ? or found_case_id = ? order by"
            + " created_at desc",
        p -> p.string(caseId).string(caseId),
        ReviewStore::item);
  }

  public List<ReviewItem> withStatus(Connection tx, String status, int limit) throws SQLException {
    return Sql.query(
        tx,
        "select * from review_items where status = ? order by created_at limit ?",
        p -> p.string(status).integer(limit),
        ReviewStore::item);
  }

  /**
   * Items with a status whose missing or found case satisfies {@code inReach} (a scope predicate
   * over the columns {@code r.missing_case_id} and {@code r.found_case_id}), in a stable order
   * (created, then id), after the item {@code (afterCreated, afterId)} when given.
   */
  public List<ReviewItem> withStatusInReach(
      Connection tx,
      String status,
      ScopePredicate inReach,
      Instant afterCreated,
      String afterId,
      int limit)
      throws SQLException {
    String after =
        afterCreated == null ? "" : " and (r.created_at > ? or (r.created_at = ? and r.id > ?))";
    return Sql.query(
        tx,
        "select r.* from review_items r where r.status = ? and "
            + inReach.sql()
            + after
            + " order by r.created_at, r.id limit ?",
        p -> {
          p.string(status).with(inReach::bind);
          if (afterCreated != null) {
            p.timestamp(afterCreated).timestamp(afterCreated).string(afterId);
          }
          p.integer(limit);
        },
        ReviewStore::item);
  }

  /** A SQL boolean expression and a way to bind its parameters (a scope predicate). */
  public interface ScopePredicate {
    String sql();

    /** The values of the parameters, in order. */
    List<String> params();

    /** Binds the parameters from {@code index}; returns the next free index. */
    int bind(PreparedStatement ps, int index) throws SQLException;
  }

  /** Verdicts by examiner, in the order recorded. */
  public Map<String, Verdict> verdicts(Connection tx, String reviewId) throws SQLException {
    Map<String, Verdict> out = new LinkedHashMap<>();
    for (Map.Entry<String, Verdict> v :
        Sql.query(
            tx,
            "select examiner, verdict from verdicts where review_id = ? order by recorded_at",
            p -> p.string(reviewId),
            rs -> Map.entry(rs.getString(1), Verdict.valueOf(rs.getString(2))))) {
      out.put(v.getKey(), v.getValue());
    }
    return out;
  }

  public void addVerdict(Connection tx, String reviewId, String examiner, Verdict v, Instant now)
      throws SQLException {
    Sql.update(
        tx,
        "insert into verdicts (review_id, examiner, verdict, recorded_at) values (?,?,?,?)",
        p -> p.string(reviewId).string(examiner).name(v).timestamp(now));
  }

  /** Stores one examiner's observations of an item (in the verdict's transaction). */
  public void addObservations(
      Connection tx, String reviewId, List<ObservationRecord> observations, Instant now)
      throws SQLException {
    Sql.batch(
        tx,
        "insert into review_observations (id, review_id, examiner, feature, assessment,"
            + " note_sealed, recorded_at) values (?,?,?,?,?,?,?)",
        observations,
        (p, o) ->
            p.string(Ids.newId("o"))
                .string(reviewId)
                .string(o.examiner())
                .name(o.feature())
                .name(o.assessment())
                .bytes(o.noteSealed())
                .timestamp(now));
  }

  /** The observations of an item, examiner by examiner, features in the list's order. */
  public List<ObservationRecord> observations(Connection tx, String reviewId) throws SQLException {
    List<ObservationRecord> out =
        new ArrayList<>(
            Sql.query(
                tx,
                "select examiner, feature, assessment, note_sealed from review_observations where"
                    + " review_id = ?",
                p -> p.string(reviewId),
                rs ->
                    new ObservationRecord(
                        rs.getString("examiner"),
                        Sql.name(rs, "feature", FacialFeature.class),
                        Sql.name(rs, "assessment", FeatureAssessment.class),
                        rs.getBytes("note_sealed"))));
    out.sort(
        Comparator.comparing(ObservationRecord::examiner)
            .thenComparing(ObservationRecord::feature));
    return out;
  }

  /** The item's DNA referral, if it has one. */
  public Optional<DnaReferral> dnaReferral(Connection tx, String reviewId) throws SQLException {
    return Sql.one(
        tx,
        "select dna_referred_by, dna_referred_at from review_items where id = ? and"
            + " dna_referred_by is not null",
        p -> p.string(reviewId),
        rs -> new DnaReferral(rs.getString("dna_referred_by"), Sql.instant(rs, "dna_referred_at")));
  }

  /** Marks the item referred to DNA once; returns whether this call did it. */
  public boolean referToDna(Connection tx, String reviewId, String by, Instant now)
      throws SQLException {
    return Sql.update(
            tx,
            "update review_items set dna_referred_by = ?, dna_referred_at = ? where id = ? and"
                + " dna_referred_by is null",
            p -> p.string(by).timestamp(now).string(reviewId))
        == 1;
  }

  public void setStatus(Connection tx, String reviewId, String status) throws SQLException {
    Sql.update(
        tx,
        "update review_items set status = ? where id = ?",
        p -> p.string(status).string(reviewId));
  }

  private static ReviewItem item(ResultSet rs) throws SQLException {
    return new ReviewItem(
        rs.getString("id"),
        rs.getLong("missing_face_id"),
        rs.getLong("found_face_id"),
        rs.getString("missing_case_id"),
        rs.getString("found_case_id"),
        Band.valueOf(rs.getString("band")),
        rs.getFloat("raw_score"),
        rs.getString("status"),
        Sql.instant(rs, "created_at"),
        Sql.name(rs, "origin", ReviewOrigin.class));
  }
}
