package io.homeward.embedder.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The span exporter lives in the service-support jar: this service must still pick it up and aim it
 * where its own configuration says, or no span would ever leave it.
 */
@QuarkusTest
@TestProfile(TraceExportWiringTest.WithCollector.class)
class TraceExportWiringTest {
  @Inject @Any Instance<SpanExporter> exporters;

  @Test
  void theSharedExporterSendsToTheConfiguredCollector() {
    assertThat(exporters.stream()).hasAtLeastOneElementOfType(OtlpHttpSpanExporter.class);
  }

  /** A collector address (nothing listens there; the test sends no span). */
  public static class WithCollector implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("homeward.traces.otlp-endpoint", "http://127.0.0.1:9/v1/traces");
    }
  }
}
