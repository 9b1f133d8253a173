package io.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.DatabaseException;
import io.homeward.gateway.db.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The audit contract on an in-memory H2 in PostgreSQL mode (the one-machine database). H2 has no
 * roles that bind whoever holds the file: its triggers refuse changes through the gateway's own
 * connections, and the tampering tests drop them first, as the file's owner could.
 */
class H2AuditLogTest extends AuditLogContract {
  private static final String DROP_GUARDS =
      "drop trigger audit_records_append_only; drop trigger audit_checkpoints_append_only;"
          + " drop table audit_records_truncate_guard; drop table audit_checkpoints_truncate_guard";
  private static final String RESTORE_GUARDS =
      "create trigger audit_records_append_only before update, delete on audit_records for each"
          + " row call 'io.homeward.gateway.db.AppendOnlyTrigger';"
          + " create trigger audit_checkpoints_append_only before update, delete on"
          + " audit_checkpoints for each row call 'io.homeward.gateway.db.AppendOnlyTrigger';"
          + " create table audit_records_truncate_guard (seq bigint references audit_records"
          + " (seq)); create table audit_checkpoints_truncate_guard (seq bigint references"
          + " audit_checkpoints (seq))";

  @Override
  Database openDatabase() {
    // LOCK_TIMEOUT: appends queue on the audit head row; H2's 1 s default is too short under load.
    // NON_KEYWORDS=DAY: V1__core.sql names a column "day", a keyword in H2 2.x (left to the lead).
    return Databases.open(
        "jdbc:h2:mem:audit-"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";NON_KEYWORDS=DAY;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "",
        "",
        8);
  }

  @Override
  void closeDatabase(Database database) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("shutdown");
    }
    ((AutoCloseable) database.dataSource()).close();
  }

  /** The file's owner drops the guards, changes what they like and puts the guards back. */
  @Override
  void tamper(String sql, Object... args) throws SQLException {
    db.inTransaction(
        tx -> {
          for (String guard : DROP_GUARDS.split(";")) {
            run(tx, guard);
          }
          run(tx, sql, args);
          for (String guard : RESTORE_GUARDS.split(";")) {
            run(tx, guard);
          }
          return null;
        });
  }

  @Test
  void theDatabaseRefusesToChangeDeleteOrTruncateAuditRows() {
    appendMany(2);
    log.checkpoint();
    for (String sql :
        new String[] {
          "update audit_records set actor_id = 'x' where seq = 1",
          "delete from audit_records where seq = 2",
          "update audit_checkpoints set seq = 1",
          "delete from audit_checkpoints"
        }) {
      assertThatThrownBy(() -> db.inTransaction(tx -> run(tx, sql)))
          .as(sql)
          .isInstanceOf(DatabaseException.class)
          .rootCause()
          .hasMessageContaining("append-only");
    }
    for (String sql : new String[] {"truncate table audit_records", "drop table audit_records"}) {
      assertThatThrownBy(() -> db.inTransaction(tx -> run(tx, sql)))
          .as(sql)
          .isInstanceOf(DatabaseException.class);
    }
    assertThat(log.verify().intact()).isTrue();
    assertThat(log.read(1, 10)).hasSize(2);
  }

  private static Void run(Connection c, String sql) throws SQLException {
    AuditLogContract.run(c, sql);
    return null;
  }
}
