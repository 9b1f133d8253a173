package io.homeward.gateway.support;

import java.util.List;
import java.util.Map;

/** {@link AccountsProfile} on a fresh PostgreSQL schema ({@link PostgresSchema}). */
public class PostgresAccountsProfile extends AccountsProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "homeward.gateway.accounts.setup-link-file", "target/test-data/pg-accounts-setup-link",
        "homeward.gateway.db.max-connections", "40");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(
        new TestResourceEntry(PostgresSchema.class),
        new TestResourceEntry(TestOpenIdProvider.class));
  }
}
