package io.homeward.gateway.accounts;

import io.homeward.gateway.support.PostgresAccountsProfile;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link OidcSignInTest} on a real PostgreSQL (V14's session columns, the account rows of the
 * provider's users, parallel sign-ins). Needs {@code HOMEWARD_TEST_PG_URL}; skips without it,
 * except under {@code CI=true}, where it fails.
 */
@QuarkusTest
@TestProfile(PostgresAccountsProfile.class)
@QuarkusTestResource(TestKeys.class)
@EnabledIf("io.homeward.gateway.support.PostgresSchema#enabled")
class PostgresOidcSignInTest extends OidcSignInTest {}
