package io.homeward.gateway.imports;

import io.homeward.gateway.support.FakeEmbedder;
import io.homeward.gateway.support.PostgresAppRoleProfile;
import io.homeward.gateway.support.PostgresAppRoleSchema;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link ImportsContract} on a real PostgreSQL (a fresh schema, as the application's role), the
 * gateway calling the fake embedder. Skips without {@code HOMEWARD_TEST_PG_*}, except in CI.
 */
@QuarkusTest
@TestProfile(PostgresImportsTest.Profile.class)
@QuarkusTestResource(TestKeys.class)
@EnabledIf("io.homeward.gateway.support.PostgresAppRoleSchema#enabled")
class PostgresImportsTest extends ImportsContract {
  /** PostgreSQL as the application's role, and the fake embedder. */
  public static class Profile extends PostgresAppRoleProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(PostgresAppRoleSchema.class),
          new TestResourceEntry(FakeEmbedder.class));
    }
  }
}
