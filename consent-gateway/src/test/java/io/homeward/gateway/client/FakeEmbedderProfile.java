package io.homeward.gateway.client;

import io.homeward.gateway.support.FakeEmbedder;
import io.homeward.gateway.support.OtlpReceiver;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The gateway calling {@link FakeEmbedder}, exporting its spans to {@link OtlpReceiver} and keeping
 * them in memory ({@code TestSpans}), with short retry waits.
 */
public class FakeEmbedderProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(
        new TestResourceEntry(FakeEmbedder.class), new TestResourceEntry(OtlpReceiver.class));
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "homeward.gateway.clients.retry.initial-delay", "20ms", "homeward.test.keep-spans", "true");
  }
}
