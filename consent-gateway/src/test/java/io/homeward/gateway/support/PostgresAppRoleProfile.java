package io.homeward.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The gateway on a fresh PostgreSQL schema, connected as the application's role. */
public class PostgresAppRoleProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("homeward.gateway.db.max-connections", "40");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(PostgresAppRoleSchema.class));
  }
}
