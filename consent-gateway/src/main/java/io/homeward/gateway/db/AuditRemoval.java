package io.homeward.gateway.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * H2's counterpart of PostgreSQL's {@code audit_remove_anchored} (installed as an alias of that
 * name by {@code db/vendor/h2/V18_1__audit_retention.sql}): removes the audit records up to a
 * stored retention anchor, only when the anchor's bound is at least 3 years back on this machine's
 * clock and every record removed occurred before it. While it deletes, and only then, {@link
 * AppendOnlyTrigger} lets the deletes through (the trigger fires in the deleting thread).
 */
public final class AuditRemoval {
  private static final ThreadLocal<Boolean> REMOVING = ThreadLocal.withInitial(() -> false);

  /** The floor of PRIVACY.md's "Kept 3 years": a shorter configured period is refused here. */
  private static final int KEPT_YEARS = 3;

  private AuditRemoval() {}

  /** Whether the current thread is inside {@link #removeAnchored}. */
  static boolean removing() {
    return REMOVING.get();
  }

  /**
   * Removes the records up to {@code through}; answers how many.
   *
   * @throws SQLException when there is no anchor at {@code through}, its bound is younger than 3
   *     years, or a record up to it occurred after its bound
   */
  public static long removeAnchored(Connection conn, long through) throws SQLException {
    Timestamp before;
    try (PreparedStatement ps =
        conn.prepareStatement("select removed_before from audit_anchors where seq = ?")) {
      ps.setLong(1, through);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no retention anchor at record " + through, "P0001");
        }
        before = rs.getTimestamp(1);
      }
    }
    if (before
        .toInstant()
        .isAfter(OffsetDateTime.now(ZoneOffset.UTC).minusYears(KEPT_YEARS).toInstant())) {
      throw new SQLException("audit records are kept 3 years", "P0001");
    }
    try (PreparedStatement ps =
        conn.prepareStatement(
            "select 1 from audit_records where seq <= ? and occurred_at >= ? limit 1")) {
      ps.setLong(1, through);
      ps.setTimestamp(2, before);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw new SQLException(
              "a record up to " + through + " is younger than its anchor's bound", "P0001");
        }
      }
    }
    REMOVING.set(true);
    try (PreparedStatement ps = conn.prepareStatement("delete from audit_records where seq <= ?")) {
      ps.setLong(1, through);
      return ps.executeUpdate();
    } finally {
      REMOVING.remove();
    }
  }
}
