package io.homeward.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Points the gateway at a fresh schema of the PostgreSQL named by {@code HOMEWARD_TEST_PG_URL}
 * (with {@code HOMEWARD_TEST_PG_USER}/{@code HOMEWARD_TEST_PG_PASSWORD}); the schema is dropped
 * when the tests end. Tests using it are enabled by {@link #enabled()}.
 */
public class PostgresSchema implements QuarkusTestResourceLifecycleManager {
  private String url;
  private String user;
  private String password;
  private String schema;

  /**
   * Whether PostgreSQL tests run: when {@code HOMEWARD_TEST_PG_URL} is set, and always under {@code
   * CI=true}, where a missing URL then fails the start instead of skipping.
   */
  public static boolean enabled() {
    return configuredUrl() != null || "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static String configuredUrl() {
    String u = System.getenv("HOMEWARD_TEST_PG_URL");
    return u == null || u.isBlank() ? null : u;
  }

  @Override
  public Map<String, String> start() {
    url = configuredUrl();
    if (url == null) {
      throw new IllegalStateException(
          "HOMEWARD_TEST_PG_URL is not set, and CI=true requires the PostgreSQL tests");
    }
    user = System.getenv().getOrDefault("HOMEWARD_TEST_PG_USER", "homeward");
    password = System.getenv().getOrDefault("HOMEWARD_TEST_PG_PASSWORD", "");
    schema = "gateway_test_" + UUID.randomUUID().toString().replace("-", "");
    run("create schema " + schema);
    return Map.of(
        "homeward.gateway.db.url",
        url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
        "homeward.gateway.db.user",
        user,
        "homeward.gateway.db.password",
        password);
  }

  @Override
  public void stop() {
    if (schema != null) {
      run("drop schema " + schema + " cascade");
    }
  }

  private void run(String sql) {
    PostgresDriver.load(PostgresSchema.class);
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL test schema: " + e.getMessage(), e);
    }
  }
}
