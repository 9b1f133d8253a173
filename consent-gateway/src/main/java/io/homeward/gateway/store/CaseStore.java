package io.homeward.gateway.store;

import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.Side;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cases, their subjects, consents and confirmations. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class CaseStore {
  private final PhotoStore photos;

  public CaseStore(PhotoStore photos) {
    this.photos = photos;
  }

  public void insert(Connection tx, CaseRecord c) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into cases (id, side, status, organisation_id, reported_by, police_case_number,"
                + " verified, created_at, updated_at, confirmed_at) values (?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, c.id());
      ps.setString(2, c.side().name());
      ps.setString(3, c.status().name());
      ps.setString(4, c.organisation());
      ps.setString(5, c.reportedBy());
      ps.setString(6, c.policeCaseNumber());
      ps.setBoolean(7, c.verified());
      ps.setTimestamp(8, Sql.ts(c.createdAt()));
      ps.setTimestamp(9, Sql.ts(c.createdAt()));
      ps.setTimestamp(10, Sql.ts(c.confirmedAt()));
      ps.executeUpdate();
    }
  }

  public void insert(Connection tx, SubjectRecord s) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into subjects (id, case_id, sex, birth_year_from, birth_year_to, event_date,"
                + " region_code, location_sealed, protected_person, disclosure_refused,"
                + " lacks_capacity, guardian_flagged) values (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, s.id());
      ps.setString(2, s.caseId());
      ps.setString(3, s.sex());
      Sql.setInteger(ps, 4, s.birthYearFrom());
      Sql.setInteger(ps, 5, s.birthYearTo());
      ps.setDate(6, s.eventDate() == null ? null : Date.valueOf(s.eventDate()));
      ps.setString(7, s.regionCode());
      ps.setBytes(8, s.locationSealed());
      ps.setBoolean(9, s.protectedPerson());
      ps.setBoolean(10, s.disclosureRefused());
      ps.setBoolean(11, s.lacksCapacity());
      ps.setBoolean(12, s.guardianFlagged());
      ps.executeUpdate();
    }
  }

  public void insert(Connection tx, ConsentRecord c) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into consents (id, case_id, legal_basis, given_by, relationship,"
                + " training_consent, justification_sealed, granted_at, expires_at) values"
                + " (?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, c.id());
      ps.setString(2, c.caseId());
      ps.setString(3, c.basis().name());
      ps.setString(4, c.givenBy().name());
      ps.setString(5, c.relationship());
      ps.setBoolean(6, c.trainingConsent());
      ps.setBytes(7, c.justificationSealed());
      ps.setTimestamp(8, Sql.ts(c.grantedAt()));
      ps.setTimestamp(9, Sql.ts(c.expiresAt()));
      ps.executeUpdate();
    }
  }

  public Optional<CaseRecord> find(Connection tx, String id) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("select * from cases where id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(caseRecord(rs)) : Optional.empty();
      }
    }
  }

  /** The case with its subject, consents and live photos, if the case exists. */
  public Optional<CaseSnapshot> snapshot(Connection tx, String id) throws SQLException {
    Optional<CaseRecord> c = find(tx, id);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new CaseSnapshot(c.get(), subject(tx, id), consents(tx, id), photos.liveByCase(tx, id)));
  }

  /** Locks the case row for the rest of the transaction (status changes, verdicts). */
  public Optional<CaseRecord> findForUpdate(Connection tx, String id) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("select * from cases where id = ? for update")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(caseRecord(rs)) : Optional.empty();
      }
    }
  }

  public List<CaseRecord> withStatus(Connection tx, CaseStatus status) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("select * from cases where status = ?")) {
      ps.setString(1, status.name());
      List<CaseRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(caseRecord(rs));
        }
      }
      return out;
    }
  }

  public SubjectRecord subject(Connection tx, String caseId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select s.*, c.side as case_side from subjects s join cases c on c.id = s.case_id"
                + " where s.case_id = ?")) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("a case without a subject");
        }
        Date event = rs.getDate("event_date");
        return new SubjectRecord(
            rs.getString("id"),
            rs.getString("case_id"),
            rs.getString("sex"),
            Sql.integer(rs, "birth_year_from"),
            Sql.integer(rs, "birth_year_to"),
            event == null ? null : event.toLocalDate(),
            rs.getString("region_code"),
            rs.getBytes("location_sealed"),
            rs.getBoolean("protected_person"),
            rs.getBoolean("disclosure_refused"),
            rs.getBoolean("lacks_capacity"),
            rs.getBoolean("guardian_flagged"),
            "MISSING".equals(rs.getString("case_side")));
      }
    }
  }

  public List<ConsentRecord> consents(Connection tx, String caseId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("select * from consents where case_id = ? order by granted_at")) {
      ps.setString(1, caseId);
      List<ConsentRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(consent(rs));
        }
      }
      return out;
    }
  }

  public Optional<ConsentRecord> consent(Connection tx, String id) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("select * from consents where id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(consent(rs)) : Optional.empty();
      }
    }
  }

  public void setStatus(Connection tx, String caseId, CaseStatus status, Instant now)
      throws SQLException {
    boolean closing = status != CaseStatus.PENDING && status != CaseStatus.OPEN;
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update cases set status = ?, updated_at = ?, closed_at = case when ? then ? else"
                + " closed_at end where id = ?")) {
      ps.setString(1, status.name());
      ps.setTimestamp(2, Sql.ts(now));
      ps.setBoolean(3, closing);
      ps.setTimestamp(4, Sql.ts(now));
      ps.setString(5, caseId);
      ps.executeUpdate();
    }
  }

  public void setPurgeAfter(Connection tx, String caseId, Instant when) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("update cases set purge_after = ? where id = ?")) {
      ps.setTimestamp(1, Sql.ts(when));
      ps.setString(2, caseId);
      ps.executeUpdate();
    }
  }

  public void setVerified(Connection tx, String caseId, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("update cases set verified = true, updated_at = ? where id = ?")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setString(2, caseId);
      ps.executeUpdate();
    }
  }

  public void confirmStillSearching(Connection tx, String caseId, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("update cases set confirmed_at = ?, updated_at = ? where id = ?")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setTimestamp(2, Sql.ts(now));
      ps.setString(3, caseId);
      ps.executeUpdate();
    }
  }

  public void verifyConsent(Connection tx, String consentId, String by, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("update consents set verified_by = ?, verified_at = ? where id = ?")) {
      ps.setString(1, by);
      ps.setTimestamp(2, Sql.ts(now));
      ps.setString(3, consentId);
      ps.executeUpdate();
    }
  }

  public void withdrawConsent(Connection tx, String consentId, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update consents set withdrawn_at = ?, justification_sealed = null where id = ?")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setString(2, consentId);
      ps.executeUpdate();
    }
  }

  public void markGuardianNotified(Connection tx, String consentId, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("update consents set guardian_notified_at = ? where id = ?")) {
      ps.setTimestamp(1, Sql.ts(now));
      ps.setString(2, consentId);
      ps.executeUpdate();
    }
  }

  public void insertConfirmation(
      Connection tx,
      String id,
      String caseId,
      String kind,
      String reference,
      String by,
      Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "insert into confirmations (id, case_id, kind, reference, recorded_by, recorded_at)"
                + " values (?,?,?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, caseId);
      ps.setString(3, kind);
      ps.setString(4, reference);
      ps.setString(5, by);
      ps.setTimestamp(6, Sql.ts(now));
      ps.executeUpdate();
    }
  }

  public boolean hasConfirmation(Connection tx, String caseId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("select count(*) from confirmations where case_id = ?")) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /** Erases what identifies the subject beyond the minimal record (retention, withdrawal). */
  public void minimiseSubject(Connection tx, String caseId) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "update subjects set location_sealed = null, event_date = null, region_code = null"
                + " where case_id = ?")) {
      ps.setString(1, caseId);
      ps.executeUpdate();
    }
  }

  /** Cases past their minimal-record period (rule 19). */
  public List<CaseRecord> duePurge(Connection tx, Instant now) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "select * from cases where purge_after is not null and purge_after <= ?")) {
      ps.setTimestamp(1, Sql.ts(now));
      List<CaseRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(caseRecord(rs));
        }
      }
      return out;
    }
  }

  /**
   * Which cases to list.
   *
   * @param side only this side
   * @param status only this status
   * @param registeredFrom registered at or after
   * @param registeredTo registered before
   */
  public record CaseFilter(
      Optional<Side> side,
      Optional<CaseStatus> status,
      Optional<Instant> registeredFrom,
      Optional<Instant> registeredTo) {}

  /**
   * Cases newest first (by registration time, then id), a page at a time, filtered in the query by
   * {@code scope} (over the table alias {@code c}) and the filter.
   */
  public List<CaseRecord> list(
      Connection tx,
      CaseFilter filter,
      ReviewStore.ScopePredicate scope,
      Optional<PageCursor> after,
      int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("select c.* from cases c where (").append(scope.sql()).append(")");
    List<Object> args = new ArrayList<>();
    filter
        .side()
        .ifPresent(
            v -> {
              sql.append(" and c.side = ?");
              args.add(v.name());
            });
    filter
        .status()
        .ifPresent(
            v -> {
              sql.append(" and c.status = ?");
              args.add(v.name());
            });
    filter
        .registeredFrom()
        .ifPresent(
            v -> {
              sql.append(" and c.created_at >= ?");
              args.add(Sql.ts(v));
            });
    filter
        .registeredTo()
        .ifPresent(
            v -> {
              sql.append(" and c.created_at < ?");
              args.add(Sql.ts(v));
            });
    after.ifPresent(
        v -> {
          sql.append(" and (c.created_at < ? or (c.created_at = ? and c.id < ?))");
          args.add(Sql.ts(v.at()));
          args.add(Sql.ts(v.at()));
          args.add(v.id());
        });
    sql.append(" order by c.created_at desc, c.id desc limit ?");
    args.add(limit);
    try (PreparedStatement ps = tx.prepareStatement(sql.toString())) {
      int i = scope.bind(ps, 1);
      for (Object a : args) {
        ps.setObject(i++, a);
      }
      List<CaseRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(caseRecord(rs));
        }
      }
      return out;
    }
  }

  private static CaseRecord caseRecord(ResultSet rs) throws SQLException {
    return new CaseRecord(
        rs.getString("id"),
        Side.valueOf(rs.getString("side")),
        CaseStatus.valueOf(rs.getString("status")),
        rs.getString("organisation_id"),
        rs.getString("reported_by"),
        rs.getString("police_case_number"),
        rs.getBoolean("verified"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "confirmed_at"),
        Sql.instant(rs, "closed_at"),
        Sql.instant(rs, "purge_after"));
  }

  private static ConsentRecord consent(ResultSet rs) throws SQLException {
    return new ConsentRecord(
        rs.getString("id"),
        rs.getString("case_id"),
        LegalBasis.valueOf(rs.getString("legal_basis")),
        ConsentGiver.valueOf(rs.getString("given_by")),
        rs.getString("relationship"),
        rs.getBoolean("training_consent"),
        rs.getBytes("justification_sealed"),
        Sql.instant(rs, "granted_at"),
        Sql.instant(rs, "expires_at"),
        rs.getString("verified_by"),
        Sql.instant(rs, "verified_at"),
        Sql.instant(rs, "withdrawn_at"));
  }
}
