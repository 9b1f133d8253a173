package io.homeward.gateway.audit;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.Databases;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/** The audit contract on an in-memory H2 in PostgreSQL mode (the one-machine database). */
class H2AuditLogTest extends AuditLogContract {
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
}
