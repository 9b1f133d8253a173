package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Silent alerts as privacy officers review them: newest first, a page at a time, filtered by kind
 * and state, with the repeat-hit flag of the account an alert is about (rule 14). Every read goes
 * through {@link #find}, which builds the one query, so a visibility predicate added there applies
 * to the list, to a single alert and to acknowledging and resolving alike. In the caller's
 * transaction.
 */
@ApplicationScoped
public class AlertStore {
  /** The alert kinds that count as a hit on a protected person (rule 14). */
  public static final List<String> PROTECTED_HIT_KINDS =
      List.of("PROTECTED_PERSON_HIT", "PROTECTED_PERSON_VIEW");

  /** Where an alert is in its review. */
  public enum State {
    /** Neither acknowledged nor resolved. */
    OPEN,
    /** Acknowledged, not yet resolved. */
    ACKNOWLEDGED,
    /** Resolved. */
    RESOLVED,
    /** Open or acknowledged: everything not yet resolved (the default view). */
    UNRESOLVED,
    /** Any state. */
    ALL
  }

  /**
   * Where a page ends: the last alert's time and id (keyset pagination: stable while new alerts
   * arrive, no offset to scan).
   */
  public record Cursor(Instant raisedAt, String id) {
    /** An opaque token for the client. */
    public String encode() {
      String raw = raisedAt.getEpochSecond() + "." + raisedAt.getNano() + "." + id;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a token from {@link #encode}; empty when it is not one. */
    public static Optional<Cursor> decode(String token) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = raw.split("\\.", 3);
        if (parts.length != 3 || !Ids.looksLike("a", parts[2])) {
          return Optional.empty();
        }
        return Optional.of(
            new Cursor(
                Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                parts[2]));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * What to list.
   *
   * @param id one alert only (for acknowledging and resolving)
   * @param kind only this kind
   * @param state only this state
   * @param after the page after this cursor
   * @param limit at most this many
   */
  public record Query(
      Optional<String> id, Optional<String> kind, State state, Optional<Cursor> after, int limit) {
    public static Query one(String id) {
      return new Query(Optional.of(id), Optional.empty(), State.ALL, Optional.empty(), 1);
    }
  }

  /**
   * An alert as a privacy officer sees it.
   *
   * @param aboutFlagged the account the alert is about is flagged for repeated protected-person
   *     hits (rule 14)
   * @param aboutProtectedHits how many protected-person hits that account has had
   */
  public record Row(
      String id,
      String kind,
      String about,
      String caseId,
      Instant raisedAt,
      String acknowledgedBy,
      Instant acknowledgedAt,
      String resolvedBy,
      Instant resolvedAt,
      boolean aboutFlagged,
      int aboutProtectedHits) {
    public State state() {
      if (resolvedAt != null) {
        return State.RESOLVED;
      }
      return acknowledgedAt != null ? State.ACKNOWLEDGED : State.OPEN;
    }
  }

  /**
   * The one alert query: newest first, then by id, so that pages never skip or repeat; only the
   * alerts {@code inScope} admits (the privacy officer's organisation, a scope predicate over the
   * alias {@code al}).
   */
  public List<Row> find(Connection tx, Query q, ReviewStore.ScopePredicate inScope)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "select al.id, al.kind, al.about, al.case_id, al.raised_at, al.acknowledged_by,"
                + " al.acknowledged_at, al.resolved_by, al.resolved_at,"
                + " coalesce(ac.flagged, false) as about_flagged,"
                + " (select count(*) from alerts h where h.about = al.about and h.kind in (?, ?))"
                + " as about_hits"
                + " from alerts al left join accounts ac on ac.subject = al.about where 1 = 1");
    List<Object> args = new ArrayList<>(PROTECTED_HIT_KINDS);
    sql.append(" and ").append(inScope.sql());
    args.addAll(inScope.params());
    q.id()
        .ifPresent(
            id -> {
              sql.append(" and al.id = ?");
              args.add(id);
            });
    q.kind()
        .ifPresent(
            kind -> {
              sql.append(" and al.kind = ?");
              args.add(kind);
            });
    switch (q.state()) {
      case OPEN -> sql.append(" and al.resolved_at is null and al.acknowledged_at is null");
      case ACKNOWLEDGED ->
          sql.append(" and al.resolved_at is null and al.acknowledged_at is not null");
      case RESOLVED -> sql.append(" and al.resolved_at is not null");
      case UNRESOLVED -> sql.append(" and al.resolved_at is null");
      case ALL -> {}
    }
    q.after()
        .ifPresent(
            c -> {
              sql.append(" and (al.raised_at < ? or (al.raised_at = ? and al.id < ?))");
              args.add(c.raisedAt());
              args.add(c.raisedAt());
              args.add(c.id());
            });
    sql.append(" order by al.raised_at desc, al.id desc limit ?");
    args.add(q.limit());
    return Sql.query(
        tx,
        sql.toString(),
        p -> p.objects(args),
        rs ->
            new Row(
                rs.getString("id"),
                rs.getString("kind"),
                rs.getString("about"),
                rs.getString("case_id"),
                Sql.instant(rs, "raised_at"),
                rs.getString("acknowledged_by"),
                Sql.instant(rs, "acknowledged_at"),
                rs.getString("resolved_by"),
                Sql.instant(rs, "resolved_at"),
                rs.getBoolean("about_flagged"),
                rs.getInt("about_hits")));
  }

  /** Acknowledges an open alert; false when it was already acknowledged or resolved. */
  public boolean acknowledge(Connection tx, String id, String by, byte[] note, Instant now)
      throws SQLException {
    return Sql.update(
            tx,
            "update alerts set acknowledged_by = ?, acknowledged_at = ?,"
                + " acknowledgement_note_sealed = ? where id = ? and acknowledged_at is null and"
                + " resolved_at is null",
            p -> p.string(by).timestamp(now).bytes(note).string(id))
        == 1;
  }

  /**
   * Resolves an unresolved alert (acknowledging it too if nobody had); false when it was already
   * resolved.
   */
  public boolean resolve(Connection tx, String id, String by, byte[] note, Instant now)
      throws SQLException {
    return Sql.update(
            tx,
            "update alerts set resolved_by = ?, resolved_at = ?, resolution_note_sealed = ?,"
                + " acknowledged_by = coalesce(acknowledged_by, ?),"
                + " acknowledged_at = coalesce(acknowledged_at, ?)"
                + " where id = ? and resolved_at is null",
            p -> p.string(by).timestamp(now).bytes(note).string(by).timestamp(now).string(id))
        == 1;
  }

  /**
   * An account with its flags (rule 14: repeated protected-person hits; rule 16: a lock).
   *
   * @param protectedHits how many protected-person hits the account has had
   */
  public record FlaggedAccount(
      String subject,
      String organisation,
      boolean flagged,
      String flagReason,
      boolean locked,
      int protectedHits) {}

  /**
   * An organisation's accounts by subject, after a subject (a page at a time); only flagged ones if
   * asked.
   */
  public List<FlaggedAccount> accounts(
      Connection tx, String organisation, boolean flaggedOnly, Optional<String> after, int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "select ac.subject, ac.organisation_id, ac.flagged, ac.flag_reason, ac.locked,"
                + " (select count(*) from alerts h where h.about = ac.subject and h.kind in (?, ?))"
                + " as hits from accounts ac where ac.organisation_id = ?");
    List<Object> args = new ArrayList<>(PROTECTED_HIT_KINDS);
    args.add(organisation);
    if (flaggedOnly) {
      sql.append(" and ac.flagged = true");
    }
    after.ifPresent(
        a -> {
          sql.append(" and ac.subject > ?");
          args.add(a);
        });
    sql.append(" order by ac.subject limit ?");
    args.add(limit);
    return Sql.query(
        tx,
        sql.toString(),
        p -> p.objects(args),
        rs ->
            new FlaggedAccount(
                rs.getString(1),
                rs.getString(2),
                rs.getBoolean(3),
                rs.getString(4),
                rs.getBoolean(5),
                rs.getInt(6)));
  }
}
