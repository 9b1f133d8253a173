package io.homeward.gateway.store;

import io.homeward.gateway.domain.Band;
import io.homeward.gateway.domain.FacialFeature;
import io.homeward.gateway.domain.FeatureAssessment;
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
    try (PreparedStatement check =
        tx.prepareStatement(
            "select count(*) from review_items where missing_face_id = ? and found_face_id = ?")) {
      check.setLong(1, item.missingFaceId());
      check.setLong(2, item.foundFaceId());
      try (ResultSet rs = check.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return false;
        }
      }
    }
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into review_items (id, missing_face_id, found_face_id, missing_case_id,"
                + " found_case_id, band, raw_score, status, created_at) values (?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, item.id());
      ps.setLong(2, item.missingFaceId());
      ps.setLong(3, item.foundFaceId());
      ps.setString(4, item.missingCaseId());
      ps.setString(5, item.foundCaseId());
      ps.setString(6, item.band().name());
      ps.setFloat(7, item.rawScore());
      ps.setString(8, item.status());
      ps.setTimestamp(9, Sql.ts(item.createdAt()));
      ps.executeUpdate();
      return true;
    }
  }

  public Optional<ReviewItem> find(Connection tx, String id, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select * from review_items where id = ?" + (forUpdate ? " for update" : ""))) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(item(rs)) : Optional.empty();
      }
    }
  }

  /** Items touching a case (either side), newest first. */
  public List<ReviewItem> forCase(Connection tx, String caseId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select * from review_items where missing_case_id = ? or found_case_id = ? order by"
                + " created_at desc")) {
      ps.setString(1, caseId);
      ps.setString(2, caseId);
      List<ReviewItem> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(item(rs));
        }
      }
      return out;
    }
  }

  public List<ReviewItem> withStatus(Connection tx, String status, int limit) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select * from review_items where status = ? order by created_at limit ?")) {
      ps.setString(1, status);
      ps.setInt(2, limit);
      List<ReviewItem> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(item(rs));
        }
      }
      return out;
    }
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
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select r.* from review_items r where r.status = ? and "
                + inReach.sql()
                + after
                + " order by r.created_at, r.id limit ?")) {
      int i = 1;
      ps.setString(i++, status);
      i = inReach.bind(ps, i);
      if (afterCreated != null) {
        ps.setTimestamp(i++, Sql.ts(afterCreated));
        ps.setTimestamp(i++, Sql.ts(afterCreated));
        ps.setString(i++, afterId);
      }
      ps.setInt(i, limit);
      List<ReviewItem> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(item(rs));
        }
      }
      return out;
    }
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
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select examiner, verdict from verdicts where review_id = ? order by recorded_at")) {
      ps.setString(1, reviewId);
      Map<String, Verdict> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), Verdict.valueOf(rs.getString(2)));
        }
      }
      return out;
    }
  }

  public void addVerdict(Connection tx, String reviewId, String examiner, Verdict v, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into verdicts (review_id, examiner, verdict, recorded_at) values (?,?,?,?)")) {
      ps.setString(1, reviewId);
      ps.setString(2, examiner);
      ps.setString(3, v.name());
      ps.setTimestamp(4, Sql.ts(now));
      ps.executeUpdate();
    }
  }

  /** Stores one examiner's observations of an item (in the verdict's transaction). */
  public void addObservations(
      Connection tx, String reviewId, List<ObservationRecord> observations, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into review_observations (id, review_id, examiner, feature, assessment,"
                + " note_sealed, recorded_at) values (?,?,?,?,?,?,?)")) {
      for (ObservationRecord o : observations) {
        ps.setString(1, Ids.newId("o"));
        ps.setString(2, reviewId);
        ps.setString(3, o.examiner());
        ps.setString(4, o.feature().name());
        ps.setString(5, o.assessment().name());
        ps.setBytes(6, o.noteSealed());
        ps.setTimestamp(7, Sql.ts(now));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The observations of an item, examiner by examiner, features in the list's order. */
  public List<ObservationRecord> observations(Connection tx, String reviewId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select examiner, feature, assessment, note_sealed from review_observations where"
                + " review_id = ? order by recorded_at, examiner")) {
      ps.setString(1, reviewId);
      List<ObservationRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ObservationRecord(
                  rs.getString(1),
                  FacialFeature.valueOf(rs.getString(2)),
                  FeatureAssessment.valueOf(rs.getString(3)),
                  rs.getBytes(4)));
        }
      }
      out.sort(
          Comparator.comparing(ObservationRecord::examiner)
              .thenComparing(ObservationRecord::feature));
      return out;
    }
  }

  /** The item's DNA referral, if it has one. */
  public Optional<DnaReferral> dnaReferral(Connection tx, String reviewId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select dna_referred_by, dna_referred_at from review_items where id = ?")) {
      ps.setString(1, reviewId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getString(1) == null) {
          return Optional.empty();
        }
        return Optional.of(new DnaReferral(rs.getString(1), Sql.instant(rs, "dna_referred_at")));
      }
    }
  }

  /** Marks the item referred to DNA once; returns whether this call did it. */
  public boolean referToDna(Connection tx, String reviewId, String by, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update review_items set dna_referred_by = ?, dna_referred_at = ? where id = ? and"
                + " dna_referred_by is null")) {
      ps.setString(1, by);
      ps.setTimestamp(2, Sql.ts(now));
      ps.setString(3, reviewId);
      return ps.executeUpdate() == 1;
    }
  }

  public void setStatus(Connection tx, String reviewId, String status) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("update review_items set status = ? where id = ?")) {
      ps.setString(1, status);
      ps.setString(2, reviewId);
      ps.executeUpdate();
    }
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
        Sql.instant(rs, "created_at"));
  }
}
