package io.homeward.gateway.rest;

import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link AdminSpacesContract} on the embedded H2 database. */
@QuarkusTest
@QuarkusTestResource(TestKeys.class)
class H2AdminSpacesTest extends AdminSpacesContract {}
