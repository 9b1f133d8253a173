package io.homeward.gateway.support;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link PostgresSchema} as deployed: migrations run as the owner ({@code HOMEWARD_TEST_PG_USER}),
 * the gateway connects as the application's role ({@code HOMEWARD_TEST_PG_APP_USER}), which may
 * only read and insert the audit tables. Enabled by {@link #enabled()}.
 */
public class PostgresAppRoleSchema extends PostgresSchema {
  /** Whether these tests run: PostgreSQL and its application role are configured, or on CI. */
  public static boolean enabled() {
    String app = System.getenv("HOMEWARD_TEST_PG_APP_USER");
    return (PostgresSchema.enabled() && app != null && !app.isBlank())
        || "true".equalsIgnoreCase(System.getenv("CI"));
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    String app = System.getenv("HOMEWARD_TEST_PG_APP_USER");
    if (app == null || app.isBlank()) {
      throw new IllegalStateException(
          "HOMEWARD_TEST_PG_APP_USER is not set, and CI=true requires the PostgreSQL tests");
    }
    config.put("homeward.gateway.db.migration-user", config.get("homeward.gateway.db.user"));
    config.put(
        "homeward.gateway.db.migration-password", config.get("homeward.gateway.db.password"));
    config.put("homeward.gateway.db.user", app);
    config.put(
        "homeward.gateway.db.password",
        System.getenv().getOrDefault("HOMEWARD_TEST_PG_APP_PASSWORD", ""));
    return config;
  }
}
