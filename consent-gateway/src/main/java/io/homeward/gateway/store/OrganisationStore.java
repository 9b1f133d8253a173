package io.homeward.gateway.store;

import io.homeward.gateway.domain.OrganisationKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The organisations table (V22), in the caller's transaction. */
@ApplicationScoped
public class OrganisationStore {
  private static final String SELECT =
      "select o.id, o.display_name, o.kind, o.active, o.created_at, o.created_by,"
          + " (select count(*) from accounts a where a.organisation_id = o.id) as users,"
          + " (select count(*) from cases c where c.organisation_id = o.id) as cases"
          + " from organisations o";

  /**
   * Inserts a new organisation; an id already taken fails with {@link
   * LocalAccountStore#UNIQUE_VIOLATION} (the primary key decides under concurrency).
   */
  public void insert(
      Connection tx,
      String id,
      String displayName,
      OrganisationKind kind,
      Instant now,
      String createdBy)
      throws SQLException {
    Sql.update(
        tx,
        "insert into organisations (id, display_name, kind, active, created_at, created_by)"
            + " values (?, ?, ?, true, ?, ?)",
        p -> p.string(id).string(displayName).name(kind).timestamp(now).string(createdBy));
  }

  /** Inserts the organisation unless it exists (the first administrator's own organisation). */
  public void ensure(
      Connection tx,
      String id,
      String displayName,
      OrganisationKind kind,
      Instant now,
      String createdBy)
      throws SQLException {
    if (!Sql.exists(tx, "select 1 from organisations where id = ?", p -> p.string(id))) {
      insert(tx, id, displayName, kind, now, createdBy);
    }
  }

  public Optional<OrganisationRecord> find(Connection tx, String id) throws SQLException {
    return Sql.one(tx, SELECT + " where o.id = ?", p -> p.string(id), OrganisationStore::record);
  }

  /**
   * Whether the organisation is known here and deactivated. An organisation this machine does not
   * know is not deactivated: in a cluster a token may name one only its identity provider knows.
   */
  public boolean isDeactivated(Connection tx, String id) throws SQLException {
    return Sql.exists(
        tx, "select 1 from organisations where id = ? and active = false", p -> p.string(id));
  }

  /** Whether the organisation exists and is active (a new local account must name one). */
  public boolean isActive(Connection tx, String id) throws SQLException {
    return Sql.exists(
        tx, "select 1 from organisations where id = ? and active = true", p -> p.string(id));
  }

  /** Up to {@code limit} organisations by id, after {@code after} (or from the first). */
  public List<OrganisationRecord> page(Connection tx, String after, int limit) throws SQLException {
    if (after == null) {
      return Sql.query(
          tx, SELECT + " order by o.id limit ?", p -> p.integer(limit), OrganisationStore::record);
    }
    return Sql.query(
        tx,
        SELECT + " where o.id > ? order by o.id limit ?",
        p -> p.string(after).integer(limit),
        OrganisationStore::record);
  }

  /** Locks the organisation's row until the transaction ends (a change reads, then writes). */
  public boolean lock(Connection tx, String id) throws SQLException {
    return Sql.exists(tx, "select 1 from organisations where id = ? for update", p -> p.string(id));
  }

  /** Sets the display name, the kind and the active flag. */
  public void update(
      Connection tx,
      String id,
      String displayName,
      OrganisationKind kind,
      boolean active,
      Instant now,
      String by)
      throws SQLException {
    Sql.update(
        tx,
        "update organisations set display_name = ?, kind = ?, active = ?, updated_at = ?,"
            + " updated_by = ? where id = ?",
        p -> p.string(displayName).name(kind).bool(active).timestamp(now).string(by).string(id));
  }

  private static OrganisationRecord record(ResultSet rs) throws SQLException {
    return new OrganisationRecord(
        rs.getString("id"),
        rs.getString("display_name"),
        Sql.name(rs, "kind", OrganisationKind.class),
        rs.getBoolean("active"),
        Sql.instant(rs, "created_at"),
        rs.getString("created_by"),
        rs.getLong("users"),
        rs.getLong("cases"));
  }
}
