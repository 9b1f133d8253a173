package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an erasure removes from the database, and when (PRIVACY.md rules 18 and 19). Every method
 * runs in the caller's transaction.
 *
 * <p>At withdrawal ({@link #forgetAtWithdrawal}) everything personal goes at once, leaving the
 * minimal record: the case row (id, side, status, organisation, dates), the subject row (its id and
 * case id; every personal column null), the consents (id, basis, who gave it, dates: what the audit
 * tombstone refers to) and the photo rows (id, face id, state {@code ERASED}: what lets a vector
 * met later be recognised as an orphan and removed). Review items and verdicts naming the case, its
 * probe HMACs, confirmations and done outbox rows are deleted; alerts keep who they are about but
 * no longer name the case. At the end of the minimal-record period {@link #purgeCase} deletes the
 * rest. An outbox removal not yet acknowledged by the search service stays until it is (it is what
 * takes the vector out), then goes with the done rows ({@link #deleteDoneOutbox}).
 */
@ApplicationScoped
public class ErasureStore {

  /**
   * Deletes or clears everything about the case beyond the minimal record (see the class comment).
   */
  public void forgetAtWithdrawal(Connection tx, String caseId) throws SQLException {
    forgetLinks(tx, caseId);
    update(
        tx,
        "update subjects set sex = null, birth_year_from = null, birth_year_to = null,"
            + " event_date = null, region_code = null, location_sealed = null where case_id = ?",
        caseId);
    update(
        tx,
        "update consents set relationship = null, justification_sealed = null where case_id = ?",
        caseId);
    // The image itself is deleted after the commit; the reconciler deletes any image file no live
    // photo references, so the reference is not needed to retry.
    update(
        tx,
        "update photos set image_ref = null, age_at_photo = null, photo_year = null,"
            + " quality = null where case_id = ?",
        caseId);
    // Rule 15: its alert posters come down with the consent.
    update(
        tx,
        "update alert_posters set withdrawn_at = current_timestamp, withdrawn_why = 'WITHDRAWAL'"
            + " where case_id = ? and withdrawn_at is null",
        caseId);
    // A stranger's photo kept with the case (or still held under it) goes with the case's images.
    update(
        tx,
        "update one_time_searches set image_ref = null, deleted_at = current_timestamp,"
            + " deleted_why = 'CASE_PURGED' where image_ref is not null and (kept_case_id = ? or"
            + " under_case_id = ?)",
        caseId,
        caseId);
  }

  /** Deletes every row about the case (end of its minimal-record period, rule 19). */
  public void purgeCase(Connection tx, String caseId) throws SQLException {
    forgetLinks(tx, caseId);
    // A requester's probe faces count against their daily budget until the purge (rule 16): deleted
    // at withdrawal they would hand the budget back.
    update(tx, "delete from user_probes where case_id = ?", caseId);
    update(tx, "delete from case_assignments where case_id = ?", caseId);
    // What searches showed: kept through the minimal-record period so that a referral of a
    // withdrawn
    // or found candidate is refused for that reason rather than as unknown (ids and figures only).
    update(
        tx,
        "delete from search_results where case_id = ? or candidate_case_id = ?",
        caseId,
        caseId);
    update(tx, "delete from consents where case_id = ?", caseId);
    update(tx, "delete from alert_posters where case_id = ?", caseId);
    update(tx, "delete from photos where case_id = ?", caseId);
    update(
        tx,
        "delete from one_time_searches where kept_case_id = ? or under_case_id = ?",
        caseId,
        caseId);
    update(tx, "delete from subjects where case_id = ?", caseId);
    update(tx, "delete from cases where id = ?", caseId);
  }

  /** The rows that link the case to other cases, requesters or confirmations. */
  private static void forgetLinks(Connection tx, String caseId) throws SQLException {
    update(
        tx,
        "delete from review_observations where review_id in (select id from review_items where"
            + " missing_case_id = ? or found_case_id = ?)",
        caseId,
        caseId);
    update(
        tx,
        "delete from verdicts where review_id in (select id from review_items where"
            + " missing_case_id = ? or found_case_id = ?)",
        caseId,
        caseId);
    update(
        tx,
        "delete from review_items where missing_case_id = ? or found_case_id = ?",
        caseId,
        caseId);
    update(tx, "delete from case_probes where case_id = ?", caseId);
    update(
        tx,
        "delete from search_disclosures where case_id = ? or photo_id in (select id from photos"
            + " where case_id = ?)",
        caseId,
        caseId);
    update(tx, "delete from confirmations where case_id = ?", caseId);
    // An alert about a requester (a protected-person hit) stays for the officers without the case;
    // one only about the case goes.
    update(tx, "delete from alerts where case_id = ? and about is null", caseId);
    update(tx, "update alerts set case_id = null where case_id = ?", caseId);
    update(
        tx,
        "delete from outbox where done_at is not null and (case_id = ? or photo_id in (select id"
            + " from photos where case_id = ?))",
        caseId,
        caseId);
  }

  /** Outbox rows the search service acknowledged: they only repeat ids; returns how many. */
  public int deleteDoneOutbox(Connection tx) throws SQLException {
    return Sql.update(tx, "delete from outbox where done_at is not null", Sql.NONE);
  }

  /** Records that the subject's audit key must be destroyed (no-op if already requested). */
  public void requestKeyDestruction(Connection tx, String subjectId, Instant now)
      throws SQLException {
    if (Sql.count(
            tx,
            "select count(*) from erasure_pending_keys where subject_id = ?",
            p -> p.string(subjectId))
        > 0) {
      return;
    }
    Sql.update(
        tx,
        "insert into erasure_pending_keys (subject_id, requested_at) values (?, ?)",
        p -> p.string(subjectId).timestamp(now));
  }

  /** Subjects whose audit key is still to be destroyed, oldest request first. */
  public List<String> pendingKeyDestructions(Connection tx, int limit) throws SQLException {
    return Sql.query(
        tx,
        "select subject_id from erasure_pending_keys order by requested_at limit ?",
        p -> p.integer(limit),
        rs -> rs.getString(1));
  }

  /** The subject's key is destroyed: its request goes (and with it the subject id). */
  public void keyDestroyed(Connection tx, String subjectId) throws SQLException {
    update(tx, "delete from erasure_pending_keys where subject_id = ?", subjectId);
  }

  /** A destruction attempt failed; it is retried by the next retention pass. */
  public void keyDestructionFailed(Connection tx, String subjectId) throws SQLException {
    update(
        tx,
        "update erasure_pending_keys set attempts = attempts + 1 where subject_id = ?",
        subjectId);
  }

  /**
   * A case on its way out of the system (withdrawn and erased, or closed), as the privacy officers
   * follow it: whether a consent was withdrawn and when, the images still stored, whether the index
   * removal is still queued, whether the subject's audit-key destruction is still pending, and when
   * the minimal record is purged. Ids and counts only: nothing personal.
   */
  public record Progress(
      String caseId,
      String side,
      String status,
      Instant withdrawnAt,
      Instant closedAt,
      int imagesLeft,
      boolean indexRemovalPending,
      boolean keyDestructionPending,
      Instant purgeAfter) {}

  /**
   * The cases of an organisation due for purge (withdrawn or closed), newest id first, after the
   * given id; at most {@code limit}. A purged case has no row left and so is not listed.
   */
  public List<Progress> progress(
      Connection tx, String organisation, Optional<String> beforeId, int limit)
      throws SQLException {
    String sql =
        "select c.id, c.side, c.status, c.closed_at, c.purge_after,"
            + " (select max(k.withdrawn_at) from consents k where k.case_id = c.id) as withdrawn_at,"
            + " (select count(*) from photos p where p.case_id = c.id and p.image_ref is not null)"
            + " as images_left,"
            + " (select count(*) from outbox o where o.case_id = c.id and o.kind = 'REMOVE_CASE'"
            + " and o.done_at is null) as index_pending,"
            + " (select count(*) from erasure_pending_keys e join subjects s on s.id = e.subject_id"
            + " where s.case_id = c.id) as key_pending"
            + " from cases c where c.purge_after is not null and c.organisation_id = ?"
            + (beforeId.isPresent() ? " and c.id < ?" : "")
            + " order by c.id desc limit ?";
    return Sql.query(
        tx,
        sql,
        p -> {
          p.string(organisation);
          if (beforeId.isPresent()) {
            p.string(beforeId.get());
          }
          p.integer(limit);
        },
        rs ->
            new Progress(
                rs.getString("id"),
                rs.getString("side"),
                rs.getString("status"),
                Sql.instant(rs, "withdrawn_at"),
                Sql.instant(rs, "closed_at"),
                rs.getInt("images_left"),
                rs.getLong("index_pending") > 0,
                rs.getLong("key_pending") > 0,
                Sql.instant(rs, "purge_after")));
  }

  private static int update(Connection tx, String sql, String... params) throws SQLException {
    return Sql.update(
        tx,
        sql,
        p -> {
          for (String v : params) {
            p.string(v);
          }
        });
  }
}
