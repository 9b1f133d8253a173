package io.homeward.gateway.accessrequests;

import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link AccessRequestsContract} on the embedded H2 database. */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class H2AccessRequestsTest extends AccessRequestsContract {}
