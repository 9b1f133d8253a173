package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

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
  }

  /** Deletes every row about the case (end of its minimal-record period, rule 19). */
  public void purgeCase(Connection tx, String caseId) throws SQLException {
    forgetLinks(tx, caseId);
    // A requester's probe faces count against their daily budget until the purge (rule 16): deleted
    // at withdrawal they would hand the budget back.
    update(tx, "delete from user_probes where case_id = ?", caseId);
    update(tx, "delete from case_assignments where case_id = ?", caseId);
    update(tx, "delete from consents where case_id = ?", caseId);
    update(tx, "delete from photos where case_id = ?", caseId);
    update(tx, "delete from subjects where case_id = ?", caseId);
    update(tx, "delete from cases where id = ?", caseId);
  }

  /** The rows that link the case to other cases, requesters or confirmations. */
  private static void forgetLinks(Connection tx, String caseId) throws SQLException {
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
