package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One-time probes (V19). Every method runs in the caller's transaction. */
@ApplicationScoped
public class OneTimeProbeStore {
  private static final String COLUMNS =
      "id, organisation_id, requester, under_case_id, session_hash, image_ref, created_at,"
          + " delete_after, searched_at, kept_case_id, kept_at, deleted_at, deleted_why";

  public void insert(Connection tx, OneTimeProbe p) throws SQLException {
    Sql.update(
        tx,
        "insert into one_time_searches (id, organisation_id, requester, under_case_id,"
            + " session_hash, image_ref, created_at, delete_after) values (?,?,?,?,?,?,?,?)",
        b ->
            b.string(p.id())
                .string(p.organisation())
                .string(p.requester())
                .string(p.underCaseId())
                .string(p.sessionHash())
                .string(p.imageRef())
                .timestamp(p.createdAt())
                .timestamp(p.deleteAfter()));
  }

  public Optional<OneTimeProbe> find(Connection tx, String id) throws SQLException {
    return Sql.one(
        tx,
        "select " + COLUMNS + " from one_time_searches where id = ?",
        p -> p.string(id),
        OneTimeProbeStore::probe);
  }

  /** Locks the row (its one search, keeping and deleting are decided under the lock). */
  public Optional<OneTimeProbe> findForUpdate(Connection tx, String id) throws SQLException {
    return Sql.one(
        tx,
        "select " + COLUMNS + " from one_time_searches where id = ? for update",
        p -> p.string(id),
        OneTimeProbeStore::probe);
  }

  /**
   * The requester's probes in their organisation, newest first (a subject is only unique within its
   * organisation's identity provider).
   */
  public List<OneTimeProbe> byRequester(
      Connection tx, String organisation, String requester, int limit) throws SQLException {
    return Sql.query(
        tx,
        "select "
            + COLUMNS
            + " from one_time_searches where organisation_id = ? and requester = ?"
            + " order by created_at desc, id desc"
            + " fetch first "
            + limit
            + " rows only",
        p -> p.string(organisation).string(requester),
        OneTimeProbeStore::probe);
  }

  /** Claims the one search: false when it already ran (or was attempted). */
  public boolean markSearched(Connection tx, String id, Instant now) throws SQLException {
    return Sql.update(
            tx,
            "update one_time_searches set searched_at = ? where id = ? and searched_at is null"
                + " and image_ref is not null",
            p -> p.timestamp(now).string(id))
        == 1;
  }

  /** Keeps the image with the case opened from it. */
  public boolean keep(Connection tx, String id, String caseId, Instant now) throws SQLException {
    return Sql.update(
            tx,
            "update one_time_searches set kept_case_id = ?, kept_at = ? where id = ? and"
                + " image_ref is not null and kept_case_id is null",
            p -> p.string(caseId).timestamp(now).string(id))
        == 1;
  }

  /** Records the image deleted (the file is deleted by the caller after the commit). */
  public boolean markDeleted(Connection tx, String id, OneTimeProbe.DeletedWhy why, Instant now)
      throws SQLException {
    return Sql.update(
            tx,
            "update one_time_searches set image_ref = null, deleted_at = ?, deleted_why = ? where"
                + " id = ? and image_ref is not null",
            p -> p.timestamp(now).name(why).string(id))
        == 1;
  }

  /** Held probes not kept with a case whose 24 h are over. */
  public List<OneTimeProbe> expired(Connection tx, Instant now) throws SQLException {
    return Sql.query(
        tx,
        "select "
            + COLUMNS
            + " from one_time_searches where image_ref is not null and kept_case_id is null and"
            + " delete_after <= ?",
        p -> p.timestamp(now),
        OneTimeProbeStore::probe);
  }

  /**
   * Held probes of searches not attached to a case whose browser session is over: signed out, idle
   * or past its lifetime, or already purged (rule 20).
   */
  public List<OneTimeProbe> ofEndedSessions(
      Connection tx, Instant now, Duration idleTimeout, Duration lifetime) throws SQLException {
    return Sql.query(
        tx,
        "select o.id, o.organisation_id, o.requester, o.under_case_id, o.session_hash,"
            + " o.image_ref, o.created_at, o.delete_after, o.searched_at, o.kept_case_id,"
            + " o.kept_at, o.deleted_at, o.deleted_why from one_time_searches o left join"
            + " browser_sessions s on s.id_hash = o.session_hash where o.image_ref is not null"
            + " and o.kept_case_id is null and o.under_case_id is null and o.session_hash is not"
            + " null and (s.id_hash is null or s.ended_at is not null or s.last_seen_at <= ? or"
            + " s.created_at <= ?)",
        p -> p.timestamp(now.minus(idleTimeout)).timestamp(now.minus(lifetime)),
        OneTimeProbeStore::probe);
  }

  /** Held probes of one session, not attached to a case and not kept (its sign-out). */
  public List<OneTimeProbe> ofSession(Connection tx, String sessionHash) throws SQLException {
    return Sql.query(
        tx,
        "select "
            + COLUMNS
            + " from one_time_searches where session_hash = ? and image_ref is not null and"
            + " kept_case_id is null and under_case_id is null",
        p -> p.string(sessionHash),
        OneTimeProbeStore::probe);
  }

  /** The images still held (for the orphan check). */
  public List<String> liveImageRefs(Connection tx) throws SQLException {
    return Sql.query(
        tx,
        "select image_ref from one_time_searches where image_ref is not null",
        Sql.NONE,
        rs -> rs.getString(1));
  }

  /** The images of probes about the case (kept with it, or searched under it): for its purge. */
  public List<String> imageRefsOfCase(Connection tx, String caseId) throws SQLException {
    return Sql.query(
        tx,
        "select image_ref from one_time_searches where image_ref is not null and (kept_case_id"
            + " = ? or under_case_id = ?)",
        p -> p.string(caseId).string(caseId),
        rs -> rs.getString(1));
  }

  private static OneTimeProbe probe(ResultSet rs) throws SQLException {
    return new OneTimeProbe(
        rs.getString("id"),
        rs.getString("organisation_id"),
        rs.getString("requester"),
        rs.getString("under_case_id"),
        rs.getString("session_hash"),
        rs.getString("image_ref"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "delete_after"),
        Sql.instant(rs, "searched_at"),
        rs.getString("kept_case_id"),
        Sql.instant(rs, "kept_at"),
        Sql.instant(rs, "deleted_at"),
        Sql.name(rs, "deleted_why", OneTimeProbe.DeletedWhy.class));
  }
}
