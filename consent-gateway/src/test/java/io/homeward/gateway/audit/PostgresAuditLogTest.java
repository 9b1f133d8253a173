package io.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.DatabaseException;
import io.homeward.gateway.db.Databases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit contract on a real PostgreSQL, each test in a schema of its own that is dropped after.
 * Needs {@code HOMEWARD_TEST_PG_URL} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/homeward_test})
 * and {@code HOMEWARD_TEST_PG_USER}/{@code HOMEWARD_TEST_PG_PASSWORD}; skips without them, except
 * on CI ({@code CI=true}), where it fails.
 */
class PostgresAuditLogTest extends AuditLogContract {
  private static String url;
  private static String user;
  private static String password;
  private String schema;

  @BeforeAll
  static void requirePostgres() {
    url = System.getenv("HOMEWARD_TEST_PG_URL");
    user = System.getenv().getOrDefault("HOMEWARD_TEST_PG_USER", "homeward");
    password = System.getenv().getOrDefault("HOMEWARD_TEST_PG_PASSWORD", "");
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("HOMEWARD_TEST_PG_URL is not set, and CI=true requires the PostgreSQL audit tests");
      }
      assumeTrue(false, "HOMEWARD_TEST_PG_URL is not set: skipping the PostgreSQL audit tests");
    }
  }

  @Override
  Database openDatabase() throws SQLException {
    schema = "audit_test_" + UUID.randomUUID().toString().replace("-", "");
    admin("create schema " + schema);
    return Databases.open(
        url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password, 8);
  }

  @Override
  void closeDatabase(Database database) throws Exception {
    ((AutoCloseable) database.dataSource()).close();
    admin("drop schema " + schema + " cascade");
  }

  /** The table owner may switch the append-only triggers off; the chain must still catch it. */
  @Override
  void tamper(String sql, Object... args) throws SQLException {
    db.inTransaction(
        tx -> {
          run(tx, "alter table audit_records disable trigger user");
          run(tx, "alter table audit_checkpoints disable trigger user");
          run(tx, sql, args);
          run(tx, "alter table audit_records enable trigger user");
          run(tx, "alter table audit_checkpoints enable trigger user");
          return null;
        });
  }

  @Test
  void theDatabaseRefusesToChangeOrDeleteAuditRows() {
    appendMany(2);
    log.checkpoint();
    for (String sql :
        new String[] {
          "update audit_records set actor_id = 'x' where seq = 1",
          "delete from audit_records where seq = 2",
          "truncate audit_records",
          "update audit_checkpoints set seq = 1",
          "delete from audit_checkpoints"
        }) {
      assertThatThrownBy(
              () ->
                  db.inTransaction(
                      tx -> {
                        run(tx, sql);
                        return null;
                      }))
          .as(sql)
          .isInstanceOf(DatabaseException.class)
          .hasRootCauseInstanceOf(SQLException.class)
          .rootCause()
          .hasMessageContaining("append-only");
    }
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
