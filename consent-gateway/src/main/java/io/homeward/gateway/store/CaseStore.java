package io.homeward.gateway.store;

import io.homeward.gateway.domain.CaseStatus;
import io.homeward.gateway.domain.ConsentGiver;
import io.homeward.gateway.domain.LegalBasis;
import io.homeward.gateway.domain.Sex;
import io.homeward.gateway.domain.Side;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
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
    Sql.update(
        tx,
        "insert into cases (id, side, status, organisation_id, reported_by, police_case_number,"
            + " verified, created_at, updated_at, confirmed_at) values (?,?,?,?,?,?,?,?,?,?)",
        p ->
            p.string(c.id())
                .name(c.side())
                .name(c.status())
                .string(c.organisation())
                .string(c.reportedBy())
                .string(c.policeCaseNumber())
                .bool(c.verified())
                .timestamp(c.createdAt())
                .timestamp(c.createdAt())
                .timestamp(c.confirmedAt()));
  }

  public void insert(Connection tx, SubjectRecord s) throws SQLException {
    Sql.update(
        tx,
        "insert into subjects (id, case_id, sex, birth_year_from, birth_year_to, event_date,"
            + " region_code, location_sealed, protected_person, disclosure_refused,"
            + " lacks_capacity, guardian_flagged) values (?,?,?,?,?,?,?,?,?,?,?,?)",
        p ->
            p.string(s.id())
                .string(s.caseId())
                .name(s.sex())
                .integer(s.birthYearFrom())
                .integer(s.birthYearTo())
                .date(s.eventDate())
                .string(s.regionCode())
                .bytes(s.locationSealed())
                .bool(s.protectedPerson())
                .bool(s.disclosureRefused())
                .bool(s.lacksCapacity())
                .bool(s.guardianFlagged()));
  }

  public void insert(Connection tx, ConsentRecord c) throws SQLException {
    Sql.update(
        tx,
        "insert into consents (id, case_id, legal_basis, given_by, relationship,"
            + " training_consent, justification_sealed, granted_at, expires_at) values"
            + " (?,?,?,?,?,?,?,?,?)",
        p ->
            p.string(c.id())
                .string(c.caseId())
                .name(c.basis())
                .name(c.givenBy())
                .string(c.relationship())
                .bool(c.trainingConsent())
                .bytes(c.justificationSealed())
                .timestamp(c.grantedAt())
                .timestamp(c.expiresAt()));
  }

  public Optional<CaseRecord> find(Connection tx, String id) throws SQLException {
    return Sql.one(
        tx, "select * from cases where id = ?", p -> p.string(id), CaseStore::caseRecord);
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
    return Sql.one(
        tx,
        "select * from cases where id = ? for update",
        p -> p.string(id),
        CaseStore::caseRecord);
  }

  public List<CaseRecord> withStatus(Connection tx, CaseStatus status) throws SQLException {
    return Sql.query(
        tx, "select * from cases where status = ?", p -> p.name(status), CaseStore::caseRecord);
  }

  public SubjectRecord subject(Connection tx, String caseId) throws SQLException {
    return Sql.one(
            tx,
            "select s.*, c.side as case_side from subjects s join cases c on c.id = s.case_id"
                + " where s.case_id = ?",
            p -> p.string(caseId),
            CaseStore::subject)
        .orElseThrow(() -> new SQLException("a case without a subject"));
  }

  public List<ConsentRecord> consents(Connection tx, String caseId) throws SQLException {
    return Sql.query(
        tx,
        "select * from consents where case_id = ? order by granted_at",
        p -> p.string(caseId),
        CaseStore::consent);
  }

  public Optional<ConsentRecord> consent(Connection tx, String id) throws SQLException {
    return Sql.one(
        tx, "select * from consents where id = ?", p -> p.string(id), CaseStore::consent);
  }

  public void setStatus(Connection tx, String caseId, CaseStatus status, Instant now)
      throws SQLException {
    boolean closing = status != CaseStatus.PENDING && status != CaseStatus.OPEN;
    Sql.update(
        tx,
        "update cases set status = ?, updated_at = ?, closed_at = case when ? then ? else"
            + " closed_at end where id = ?",
        p -> p.name(status).timestamp(now).bool(closing).timestamp(now).string(caseId));
  }

  public void setPurgeAfter(Connection tx, String caseId, Instant when) throws SQLException {
    Sql.update(
        tx, "update cases set purge_after = ? where id = ?", p -> p.timestamp(when).string(caseId));
  }

  public void setVerified(Connection tx, String caseId, Instant now) throws SQLException {
    Sql.update(
        tx,
        "update cases set verified = true, updated_at = ? where id = ?",
        p -> p.timestamp(now).string(caseId));
  }

  public void confirmStillSearching(Connection tx, String caseId, Instant now) throws SQLException {
    Sql.update(
        tx,
        "update cases set confirmed_at = ?, updated_at = ? where id = ?",
        p -> p.timestamp(now).timestamp(now).string(caseId));
  }

  public void verifyConsent(Connection tx, String consentId, String by, Instant now)
      throws SQLException {
    Sql.update(
        tx,
        "update consents set verified_by = ?, verified_at = ? where id = ?",
        p -> p.string(by).timestamp(now).string(consentId));
  }

  public void withdrawConsent(Connection tx, String consentId, Instant now) throws SQLException {
    Sql.update(
        tx,
        "update consents set withdrawn_at = ?, justification_sealed = null where id = ?",
        p -> p.timestamp(now).string(consentId));
  }

  public void markGuardianNotified(Connection tx, String consentId, Instant now)
      throws SQLException {
    Sql.update(
        tx,
        "update consents set guardian_notified_at = ? where id = ?",
        p -> p.timestamp(now).string(consentId));
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
    Sql.update(
        tx,
        "insert into confirmations (id, case_id, kind, reference, recorded_by, recorded_at)"
            + " values (?,?,?,?,?,?)",
        p -> p.string(id).string(caseId).string(kind).string(reference).string(by).timestamp(now));
  }

  public boolean hasConfirmation(Connection tx, String caseId) throws SQLException {
    return Sql.count(
            tx, "select count(*) from confirmations where case_id = ?", p -> p.string(caseId))
        > 0;
  }

  /** Erases what identifies the subject beyond the minimal record (retention, withdrawal). */
  public void minimiseSubject(Connection tx, String caseId) throws SQLException {
    Sql.update(
        tx,
        "update subjects set location_sealed = null, event_date = null, region_code = null"
            + " where case_id = ?",
        p -> p.string(caseId));
  }

  /** Cases past their minimal-record period (rule 19). */
  public List<CaseRecord> duePurge(Connection tx, Instant now) throws SQLException {
    return Sql.query(
        tx,
        "select * from cases where purge_after is not null and purge_after <= ?",
        p -> p.timestamp(now),
        CaseStore::caseRecord);
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
              args.add(v);
            });
    filter
        .registeredTo()
        .ifPresent(
            v -> {
              sql.append(" and c.created_at < ?");
              args.add(v);
            });
    after.ifPresent(
        v -> {
          sql.append(" and (c.created_at < ? or (c.created_at = ? and c.id < ?))");
          args.add(v.at());
          args.add(v.at());
          args.add(v.id());
        });
    sql.append(" order by c.created_at desc, c.id desc limit ?");
    args.add(limit);
    return Sql.query(
        tx, sql.toString(), p -> p.with(scope::bind).objects(args), CaseStore::caseRecord);
  }

  static CaseRecord caseRecord(ResultSet rs) throws SQLException {
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

  private static SubjectRecord subject(ResultSet rs) throws SQLException {
    return new SubjectRecord(
        rs.getString("id"),
        rs.getString("case_id"),
        Sql.name(rs, "sex", Sex.class),
        Sql.integer(rs, "birth_year_from"),
        Sql.integer(rs, "birth_year_to"),
        Sql.date(rs, "event_date"),
        rs.getString("region_code"),
        rs.getBytes("location_sealed"),
        rs.getBoolean("protected_person"),
        rs.getBoolean("disclosure_refused"),
        rs.getBoolean("lacks_capacity"),
        rs.getBoolean("guardian_flagged"),
        "MISSING".equals(rs.getString("case_side")));
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
