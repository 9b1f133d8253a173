package io.homeward.gateway.accounts;

import io.homeward.gateway.support.AccountsProfile;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link OrganisationsContract} on the embedded H2 database (the accounts tests' profile). */
@QuarkusTest
@TestProfile(AccountsProfile.class)
@QuarkusTestResource(TestKeys.class)
class H2OrganisationsTest extends OrganisationsContract {}
