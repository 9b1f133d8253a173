package io.homeward.gateway.cluster;

import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link LeasesContract} on the embedded H2 database. */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class LeasesTest extends LeasesContract {}
