package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Alert posters (V19). Every method runs in the caller's transaction. */
@ApplicationScoped
public class AlertPosterStore {
  private static final String COLUMNS =
      "id, case_id, photo_id, organisation_id, created_by, police_unit, unit_contact,"
          + " justification_sealed, created_at, expires_at, withdrawn_at, withdrawn_why";

  public void insert(Connection tx, AlertPoster p) throws SQLException {
    Sql.update(
        tx,
        "insert into alert_posters (" + COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?)",
        b ->
            b.string(p.id())
                .string(p.caseId())
                .string(p.photoId())
                .string(p.organisation())
                .string(p.createdBy())
                .string(p.policeUnit())
                .string(p.unitContact())
                .bytes(p.justificationSealed())
                .timestamp(p.createdAt())
                .timestamp(p.expiresAt())
                .timestamp(p.withdrawnAt())
                .name(p.withdrawnWhy()));
  }

  public Optional<AlertPoster> find(Connection tx, String id) throws SQLException {
    return Sql.one(
        tx,
        "select " + COLUMNS + " from alert_posters where id = ?",
        p -> p.string(id),
        AlertPosterStore::poster);
  }

  /**
   * The organisation's posters in one state at {@code now}, newest first: ACTIVE (neither withdrawn
   * nor expired), EXPIRED (not withdrawn, past its expiry) or WITHDRAWN; all when state is null.
   */
  public List<AlertPoster> ofOrganisation(
      Connection tx, String organisation, AlertPoster.State state, Instant now, int limit)
      throws SQLException {
    String where =
        state == null
            ? ""
            : switch (state) {
              case ACTIVE -> " and withdrawn_at is null and expires_at > ?";
              case EXPIRED -> " and withdrawn_at is null and expires_at <= ?";
              case WITHDRAWN -> " and withdrawn_at is not null";
            };
    return Sql.query(
        tx,
        "select "
            + COLUMNS
            + " from alert_posters where organisation_id = ?"
            + where
            + " order by created_at desc, id desc fetch first "
            + limit
            + " rows only",
        p -> {
          p.string(organisation);
          if (state == AlertPoster.State.ACTIVE || state == AlertPoster.State.EXPIRED) {
            p.timestamp(now);
          }
        },
        AlertPosterStore::poster);
  }

  /**
   * Withdraws the posters not yet withdrawn of cases that are no longer OPEN (found, reunified,
   * closed, or gone). Returns how many.
   */
  public int withdrawOfCasesNoLongerOpen(Connection tx, Instant now) throws SQLException {
    return Sql.update(
        tx,
        "update alert_posters set withdrawn_at = ?, withdrawn_why = 'CASE_FOUND' where"
            + " withdrawn_at is null and not exists (select 1 from cases c where c.id ="
            + " alert_posters.case_id and c.status = 'OPEN')",
        p -> p.timestamp(now));
  }

  private static AlertPoster poster(ResultSet rs) throws SQLException {
    return new AlertPoster(
        rs.getString("id"),
        rs.getString("case_id"),
        rs.getString("photo_id"),
        rs.getString("organisation_id"),
        rs.getString("created_by"),
        rs.getString("police_unit"),
        rs.getString("unit_contact"),
        rs.getBytes("justification_sealed"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "expires_at"),
        Sql.instant(rs, "withdrawn_at"),
        Sql.name(rs, "withdrawn_why", AlertPoster.WithdrawnWhy.class));
  }
}
