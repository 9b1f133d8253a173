package io.homeward.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The default test configuration on a fresh PostgreSQL schema ({@link PostgresSchema}). */
public class PostgresProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(PostgresSchema.class));
  }
}
