package io.homeward.gateway.client;

import io.homeward.gateway.support.FakeEmbedder;
import io.homeward.gateway.support.TestSpans;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The gateway calling {@link FakeEmbedder}, with its spans in memory and short retry waits. */
public class FakeEmbedderProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(FakeEmbedder.class));
  }

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(TestSpans.class);
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("homeward.gateway.clients.retry.initial-delay", "20ms");
  }
}
