package io.homeward.gateway.posters;

import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link PostersContract} on the embedded H2 database. */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class H2PostersTest extends PostersContract {}
