package io.homeward.gateway.access;

import io.homeward.gateway.support.PostgresUsageLimitsProfile;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link UsageLimitsContract} on a real PostgreSQL (a fresh schema, dropped after). Needs {@code
 * HOMEWARD_TEST_PG_URL}; skips without it, except under {@code CI=true}, where it fails.
 */
@QuarkusTest
@TestProfile(PostgresUsageLimitsProfile.class)
@QuarkusTestResource(TestKeys.class)
@EnabledIf("io.homeward.gateway.support.PostgresSchema#enabled")
class PostgresUsageLimitsTest extends UsageLimitsContract {}
