package io.homeward.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Local accounts and sessions on a database of their own (so the first-administrator setup is open
 * at start) with the movable {@link TestClock}, and the cluster sign-in at a {@link
 * TestOpenIdProvider} beside the local accounts (both are on, as a cluster may have them).
 */
public class AccountsProfile implements QuarkusTestProfile {
  protected String database() {
    return "accounts-test";
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "homeward.gateway.db.url",
        "jdbc:h2:mem:" + database() + ";DB_CLOSE_DELAY=-1",
        "homeward.gateway.accounts.setup-link-file",
        "target/test-data/" + database() + "-setup-link");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(TestOpenIdProvider.class));
  }

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(TestClock.Producer.class);
  }
}
