package io.homeward.gateway.db;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * H2's counterpart of PostgreSQL's {@code audit_refuse_change()}: installed by {@code
 * db/vendor/h2/V5_1__audit_append_only.sql} before UPDATE and DELETE on the audit records and
 * checkpoints, it refuses the change. Whoever holds the database file can drop it (H2 has no roles
 * that bind the file's owner); the keyed chain and the checkpoints outside the database catch that.
 */
public final class AppendOnlyTrigger implements Trigger {
  private String table = "?";
  private String operation = "?";

  @Override
  public void init(
      Connection conn,
      String schemaName,
      String triggerName,
      String tableName,
      boolean before,
      int type) {
    this.table = tableName;
    this.operation = (type & Trigger.DELETE) != 0 ? "DELETE" : "UPDATE";
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    if ("DELETE".equals(operation)
        && "audit_records".equalsIgnoreCase(table)
        && AuditRemoval.removing()) {
      return; // audit retention, under a stored anchor (AuditRemoval)
    }
    // The same words as PostgreSQL's trigger; never the row's values.
    throw new SQLException(
        "the audit log is append-only (" + operation + " on " + table + ")", "P0001");
  }
}
