package io.homeward.gateway.reconfirmation;

import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link ReconfirmationsContract} on the embedded H2 database. */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class H2ReconfirmationsTest extends ReconfirmationsContract {}
