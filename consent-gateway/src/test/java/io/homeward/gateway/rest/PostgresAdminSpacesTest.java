package io.homeward.gateway.rest;

import io.homeward.gateway.support.PostgresAppRoleProfile;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link AdminSpacesContract} on a real PostgreSQL (a fresh schema, dropped after), the gateway
 * connected as the application's role. Needs {@code HOMEWARD_TEST_PG_URL} and {@code
 * HOMEWARD_TEST_PG_APP_USER}; skips without them, except under {@code CI=true}, where it fails.
 */
@QuarkusTest
@TestProfile(PostgresAppRoleProfile.class)
@QuarkusTestResource(TestKeys.class)
@EnabledIf("io.homeward.gateway.support.PostgresAppRoleSchema#enabled")
class PostgresAdminSpacesTest extends AdminSpacesContract {}
