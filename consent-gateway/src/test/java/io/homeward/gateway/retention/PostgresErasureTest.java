package io.homeward.gateway.retention;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ErasureTest} on PostgreSQL. Needs {@code HOMEWARD_TEST_PG_URL} (and {@code
 * HOMEWARD_TEST_PG_USER}/{@code HOMEWARD_TEST_PG_PASSWORD}); skips without it, except under {@code
 * CI=true}, where it fails.
 */
@QuarkusTest
@TestProfile(PostgresErasureTest.OnPostgres.class)
class PostgresErasureTest extends ErasureTest {

  /** The gateway on the test PostgreSQL database instead of the in-memory H2 one. */
  public static class OnPostgres implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      String url = System.getenv("HOMEWARD_TEST_PG_URL");
      if (url == null) {
        // Never reached by a test (the class is skipped); keeps the profile startable.
        return Map.of();
      }
      return Map.of(
          "homeward.gateway.db.url", url,
          "homeward.gateway.db.user",
              System.getenv().getOrDefault("HOMEWARD_TEST_PG_USER", "homeward"),
          "homeward.gateway.db.password",
              System.getenv().getOrDefault("HOMEWARD_TEST_PG_PASSWORD", ""));
    }
  }

  @BeforeAll
  static void requirePostgres() {
    if (System.getenv("HOMEWARD_TEST_PG_URL") == null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("HOMEWARD_TEST_PG_URL is not set and CI=true");
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(
          false, "HOMEWARD_TEST_PG_URL is not set: skipping the PostgreSQL erasure test");
    }
  }
}
