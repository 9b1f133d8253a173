package io.homeward.gateway.rest;

import io.homeward.gateway.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Reads the embedded database behind a {@code @QuarkusTest}: counts and the audit's last rows. */
final class FactsTestSupport {
  private FactsTestSupport() {}

  /** An audit record's clear fields. */
  record AuditRow(
      long seq,
      String actor,
      String role,
      String action,
      String purpose,
      boolean allowed,
      String policyIds,
      String detail) {}

  static long count(Database db, String sql, Object... args) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  static long lastAuditSeq(Database db) {
    return count(db, "select coalesce(max(seq), 0) from audit_records");
  }

  /** The audit records after a sequence number, for one actor. */
  static List<AuditRow> auditSince(Database db, long seq, String actor) {
    return db.inTransaction(
        tx -> {
          try (PreparedStatement ps =
              tx.prepareStatement(
                  "select seq, actor_id, actor_role, audit_action, purpose, allowed, policy_ids,"
                      + " detail from audit_records where seq > ? and actor_id = ? order by seq")) {
            ps.setLong(1, seq);
            ps.setString(2, actor);
            List<AuditRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new AuditRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBoolean(6),
                        rs.getString(7),
                        rs.getString(8)));
              }
            }
            return out;
          }
        });
  }
}
