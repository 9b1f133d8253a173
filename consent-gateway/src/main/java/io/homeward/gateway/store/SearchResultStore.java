package io.homeward.gateway.store;

import io.homeward.gateway.domain.Band;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The candidates case searches showed. Every method runs in the caller's transaction. */
@ApplicationScoped
public class SearchResultStore {

  public void insert(Connection tx, List<SearchResult> results) throws SQLException {
    Sql.batch(
        tx,
        "insert into search_results (id, case_id, organisation_id, searched_by, probe_photo_id,"
            + " probe_face_id, candidate_case_id, candidate_photo_id, candidate_face_id, band,"
            + " raw_score, model_version, shown_at, expires_at) values"
            + " (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        results,
        (p, r) ->
            p.string(r.id())
                .string(r.caseId())
                .string(r.organisation())
                .string(r.searchedBy())
                .string(r.probePhotoId())
                .bigint(r.probeFaceId())
                .string(r.candidateCaseId())
                .string(r.candidatePhotoId())
                .bigint(r.candidateFaceId())
                .name(r.band())
                .real(r.rawScore())
                .string(r.modelVersion())
                .timestamp(r.shownAt())
                .timestamp(r.expiresAt()));
  }

  /**
   * The result, only if a search of {@code caseId} by {@code organisation} showed it and it has not
   * expired; locked for the rest of the transaction when {@code forUpdate}.
   */
  public Optional<SearchResult> find(
      Connection tx, String id, String caseId, String organisation, Instant now, boolean forUpdate)
      throws SQLException {
    return Sql.one(
        tx,
        "select * from search_results where id = ? and case_id = ? and organisation_id = ? and"
            + " expires_at > ?"
            + (forUpdate ? " for update" : ""),
        p -> p.string(id).string(caseId).string(organisation).timestamp(now),
        SearchResultStore::result);
  }

  /** Deletes the results past their expiry; returns how many. */
  public int deleteExpired(Connection tx, Instant now) throws SQLException {
    return Sql.update(
        tx, "delete from search_results where expires_at <= ?", p -> p.timestamp(now));
  }

  private static SearchResult result(ResultSet rs) throws SQLException {
    return new SearchResult(
        rs.getString("id"),
        rs.getString("case_id"),
        rs.getString("organisation_id"),
        rs.getString("searched_by"),
        rs.getString("probe_photo_id"),
        rs.getLong("probe_face_id"),
        rs.getString("candidate_case_id"),
        rs.getString("candidate_photo_id"),
        rs.getLong("candidate_face_id"),
        Sql.name(rs, "band", Band.class),
        rs.getFloat("raw_score"),
        rs.getString("model_version"),
        Sql.instant(rs, "shown_at"),
        Sql.instant(rs, "expires_at"));
  }
}
