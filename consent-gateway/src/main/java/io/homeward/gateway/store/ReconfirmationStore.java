package io.homeward.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MISSING cases whose yearly re-confirmation by the guardian (PRIVACY.md rule 22) is near or
 * past, for one organisation. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class ReconfirmationStore {
  /**
   * The organisation's MISSING cases still searched for (OPEN, or PENDING: a lapse made them
   * unsearchable), not police cases (those stand on a statutory duty, not on the guardian), last
   * confirmed at or before {@code confirmedBy}; the longest unconfirmed first.
   */
  public List<CaseRecord> due(
      Connection tx,
      String organisation,
      Instant confirmedBy,
      Optional<PageCursor> after,
      int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "select * from cases where organisation_id = ? and side = 'MISSING'"
                + " and status in ('OPEN', 'PENDING') and (police_case_number is null"
                + " or police_case_number = '') and confirmed_at <= ?");
    List<Object> args = new ArrayList<>();
    args.add(organisation);
    args.add(confirmedBy);
    after.ifPresent(
        c -> {
          sql.append(" and (confirmed_at > ? or (confirmed_at = ? and id > ?))");
          args.add(c.at());
          args.add(c.at());
          args.add(c.id());
        });
    sql.append(" order by confirmed_at, id limit ?");
    args.add(limit);
    return Sql.query(tx, sql.toString(), p -> p.objects(args), CaseStore::caseRecord);
  }
}
