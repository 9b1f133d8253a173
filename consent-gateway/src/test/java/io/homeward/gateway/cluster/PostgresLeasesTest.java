package io.homeward.gateway.cluster;

import io.homeward.gateway.support.PostgresProfile;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link LeasesContract} on a real PostgreSQL (a fresh schema). Needs {@code HOMEWARD_TEST_PG_URL};
 * skips without it, except under {@code CI=true}, where it fails.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@QuarkusTestResource(TestKeys.class)
@EnabledIf("io.homeward.gateway.support.PostgresSchema#enabled")
class PostgresLeasesTest extends LeasesContract {}
