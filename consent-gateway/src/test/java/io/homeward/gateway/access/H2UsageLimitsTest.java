package io.homeward.gateway.access;

import io.homeward.gateway.support.TestKeys;
import io.homeward.gateway.support.UsageLimitsProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link UsageLimitsContract} on the embedded H2 database (the one-machine default). */
@QuarkusTest
@TestProfile(UsageLimitsProfile.class)
@QuarkusTestResource(TestKeys.class)
class H2UsageLimitsTest extends UsageLimitsContract {}
