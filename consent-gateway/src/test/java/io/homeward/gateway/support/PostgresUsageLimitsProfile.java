package io.homeward.gateway.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link UsageLimitsProfile} on a fresh PostgreSQL schema ({@link PostgresSchema}), with a larger
 * pool: 100 parallel requests all append to the one audit chain, and on a loaded machine the
 * sixteenth in the queue would otherwise wait longer for a connection than the pool allows.
 */
public class PostgresUsageLimitsProfile extends UsageLimitsProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("homeward.gateway.db.max-connections", "40");
    return config;
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(PostgresSchema.class));
  }
}
