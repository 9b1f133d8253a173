package io.homeward.gateway.security;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeward.gateway.db.Database;
import io.homeward.gateway.db.Databases;
import io.homeward.gateway.support.PostgresDriver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * The rotation commands on a real PostgreSQL, each test in a schema of its own that is dropped
 * after. Needs {@code HOMEWARD_TEST_PG_URL}; skips without it, except under {@code CI=true}.
 */
class PostgresKeyRotationTest extends KeyRotationTest {
  static {
    PostgresDriver.load(PostgresKeyRotationTest.class);
  }

  private static String pgUrl;
  private static String user;
  private static String password;
  private String schema;

  @BeforeAll
  static void requirePostgres() {
    pgUrl = System.getenv("HOMEWARD_TEST_PG_URL");
    user = System.getenv().getOrDefault("HOMEWARD_TEST_PG_USER", "homeward");
    password = System.getenv().getOrDefault("HOMEWARD_TEST_PG_PASSWORD", "");
    if (pgUrl == null || pgUrl.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("HOMEWARD_TEST_PG_URL is not set, and CI=true requires the PostgreSQL tests");
      }
      assumeTrue(false, "HOMEWARD_TEST_PG_URL is not set: skipping the PostgreSQL rotation tests");
    }
  }

  @Override
  Database openDatabase() throws Exception {
    schema = "rotation_test_" + UUID.randomUUID().toString().replace("-", "");
    admin("create schema " + schema);
    url = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return Databases.open(url, user, password, 4);
  }

  @Override
  void closeDatabase() throws Exception {
    ((AutoCloseable) db.dataSource()).close();
    admin("drop schema " + schema + " cascade");
  }

  @Override
  String[] dbArgs() {
    return new String[] {
      "--db-url", url, "--db-user", user, "--db-password-env", "HOMEWARD_TEST_PG_PASSWORD"
    };
  }

  private static void admin(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(pgUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
