package io.homeward.embedder.telemetry;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The span exporter, chosen when the service starts. Quarkus' own OTLP exporter is left out at
 * build time ({@code quarkus.otel.exporter.otlp.enabled=false}) because it cannot be switched off
 * at run time: it would connect to localhost:4317 on every machine without a collector and log each
 * failure (quarkusio/quarkus#44200). This one exists only when an endpoint is configured.
 */
@Singleton
public class TraceExport {
  // Quarkus looks exporters up dynamically, which the removal of unused beans does not see.
  @Produces
  @Singleton
  @Unremovable
  SpanExporter exporter(TraceConfig config) {
    return config
        .otlpEndpoint()
        .<SpanExporter>map(
            endpoint -> OtlpHttpSpanExporter.builder().setEndpoint(endpoint.toString()).build())
        // The composite of no exporters is the SDK's no-op exporter.
        .orElseGet(() -> SpanExporter.composite(List.of()));
  }
}
