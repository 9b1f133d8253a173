package io.homeward.gateway.search;

import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link OneTimeSearchesContract} on the embedded H2 database. */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class H2OneTimeSearchesTest extends OneTimeSearchesContract {}
