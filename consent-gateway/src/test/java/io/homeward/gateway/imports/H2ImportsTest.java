package io.homeward.gateway.imports;

import io.homeward.gateway.client.FakeEmbedderProfile;
import io.homeward.gateway.support.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ImportsContract} on the embedded H2 database (the fake embedder's profile). */
@QuarkusTest
@TestProfile(FakeEmbedderProfile.class)
@QuarkusTestResource(TestKeys.class)
class H2ImportsTest extends ImportsContract {}
