package io.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.DatabaseException;
import io.homeward.gateway.db.Databases;
import io.homeward.gateway.support.PostgresDriver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit contract on a real PostgreSQL, each test in a schema of its own that is dropped after,
 * with the two roles of a real deployment: the migrations run as the owner ({@code
 * HOMEWARD_TEST_PG_USER}), the log works as the application's role ({@code
 * HOMEWARD_TEST_PG_APP_USER}/{@code HOMEWARD_TEST_PG_APP_PASSWORD}, created by {@code .ci/run}),
 * and tampering runs as the owner. Needs {@code HOMEWARD_TEST_PG_URL} (e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/homeward_test}); skips without it or the application role,
 * except on CI ({@code CI=true}), where it fails.
 */
class PostgresAuditLogTest extends AuditLogContract {
  static {
    PostgresDriver.load(PostgresAuditLogTest.class);
  }

  private static String url;
  private static String user;
  private static String password;
  private static String appUser;
  private static String appPassword;
  private String schema;

  @BeforeAll
  static void requirePostgres() {
    url = System.getenv("HOMEWARD_TEST_PG_URL");
    user = System.getenv().getOrDefault("HOMEWARD_TEST_PG_USER", "homeward");
    password = System.getenv().getOrDefault("HOMEWARD_TEST_PG_PASSWORD", "");
    appUser = System.getenv("HOMEWARD_TEST_PG_APP_USER");
    appPassword = System.getenv().getOrDefault("HOMEWARD_TEST_PG_APP_PASSWORD", "");
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    for (String[] need :
        new String[][] {{"HOMEWARD_TEST_PG_URL", url}, {"HOMEWARD_TEST_PG_APP_USER", appUser}}) {
      if (need[1] == null || need[1].isBlank()) {
        if (ci) {
          fail(need[0] + " is not set, and CI=true requires the PostgreSQL audit tests");
        }
        assumeTrue(false, need[0] + " is not set: skipping the PostgreSQL audit tests");
      }
    }
  }

  @Override
  Database openDatabase() throws SQLException {
    schema = "audit_test_" + UUID.randomUUID().toString().replace("-", "");
    admin("create schema " + schema);
    return Databases.open(schemaUrl(), appUser, appPassword, user, password, 8);
  }

  @Override
  void closeDatabase(Database database) throws Exception {
    ((AutoCloseable) database.dataSource()).close();
    admin("drop schema " + schema + " cascade");
  }

  /** The table owner may switch the append-only triggers off; the chain must still catch it. */
  @Override
  void tamper(String sql, Object... args) throws SQLException {
    try (Connection owner = DriverManager.getConnection(schemaUrl(), user, password)) {
      owner.setAutoCommit(false);
      run(owner, "alter table audit_records disable trigger user");
      run(owner, "alter table audit_checkpoints disable trigger user");
      run(owner, sql, args);
      run(owner, "alter table audit_records enable trigger user");
      run(owner, "alter table audit_checkpoints enable trigger user");
      owner.commit();
    }
  }

  @Test
  void theDatabaseRefusesToChangeOrDeleteAuditRowsEvenForTheOwner() throws SQLException {
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
      try (Connection owner = DriverManager.getConnection(schemaUrl(), user, password)) {
        assertThatThrownBy(() -> run(owner, sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("append-only");
      }
    }
  }

  @Test
  void theApplicationRoleMayOnlyInsertAndReadTheAuditTables() {
    appendMany(2);
    log.checkpoint();
    for (String sql :
        new String[] {
          "update audit_records set actor_id = 'x' where seq = 1",
          "delete from audit_records where seq = 2",
          "truncate audit_records",
          "update audit_checkpoints set seq = 1",
          "delete from audit_checkpoints",
          "truncate audit_checkpoints",
          "alter table audit_records disable trigger user",
          "alter table audit_records disable trigger all",
          "alter table audit_checkpoints disable trigger audit_checkpoints_append_only",
          "drop trigger audit_records_append_only on audit_records",
          "drop table audit_records",
          "alter table audit_records owner to " + appUser,
          "drop function audit_refuse_change() cascade",
          "delete from audit_anchors",
          "update audit_anchors set seq = 1",
          "truncate audit_anchors",
          // The removal flag set by the application's role itself opens nothing: not the owner.
          "do $$ begin perform set_config('homeward.audit_removal', 'on', true);"
              + " delete from audit_records where seq = 1; end $$",
          "drop function audit_remove_anchored(bigint)",
          "create or replace function audit_refuse_change() returns trigger language plpgsql"
              + " as 'begin return new; end'"
        }) {
      assertThatThrownBy(() -> db.inTransaction(tx -> runAndReturn(tx, sql)))
          .as(sql)
          .isInstanceOf(DatabaseException.class)
          .rootCause()
          .isInstanceOf(SQLException.class)
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .containsAnyOf("permission denied", "must be owner", "append-only"));
    }
    ChainReport report = log.verify();
    assertThat(report.intact()).isTrue();
    assertThat(report.records()).isEqualTo(2);
  }

  @Test
  void theMigrationsOwnTheTablesNotTheApplication() {
    String owner =
        db.inTransaction(
            tx -> {
              try (Statement s = tx.createStatement();
                  ResultSet rs =
                      s.executeQuery(
                          "select tableowner from pg_tables where schemaname = current_schema()"
                              + " and tablename = 'audit_records'")) {
                rs.next();
                return rs.getString(1);
              }
            });
    assertThat(owner).isEqualTo(user).isNotEqualTo(appUser);
    String current =
        db.inTransaction(
            tx -> {
              try (Statement s = tx.createStatement();
                  ResultSet rs = s.executeQuery("select current_user")) {
                rs.next();
                return rs.getString(1);
              }
            });
    assertThat(current).isEqualTo(appUser);
  }

  private static Void runAndReturn(Connection c, String sql) throws SQLException {
    run(c, sql);
    return null;
  }

  private String schemaUrl() {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
