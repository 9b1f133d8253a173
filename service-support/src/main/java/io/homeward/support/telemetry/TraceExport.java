package io.homeward.support.telemetry;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The span exporter of every service, chosen when the service starts. Quarkus' own OTLP exporter is
 * left out at build time ({@code quarkus.otel.exporter.otlp.enabled=false}) because it cannot be
 * switched off at run time: it would connect to localhost:4317 on every machine without a collector
 * and log each failure (quarkusio/quarkus#44200). This one exists only when an endpoint is
 * configured. This module is a bean archive, so each service that depends on it gets the producer.
 */
@Singleton
public class TraceExport {
  // Quarkus looks exporters up dynamically, which the removal of unused beans does not see.
  @Produces
  @Singleton
  @Unremovable
  SpanExporter exporter(TraceConfig config) {
    return exporterFor(config.otlpEndpoint());
  }

  /** An OTLP/HTTP exporter to {@code endpoint}, or one that sends nothing when there is none. */
  static SpanExporter exporterFor(Optional<URI> endpoint) {
    return endpoint
        .<SpanExporter>map(e -> OtlpHttpSpanExporter.builder().setEndpoint(e.toString()).build())
        // The composite of no exporters is the SDK's no-op exporter.
        .orElseGet(() -> SpanExporter.composite(List.of()));
  }
}
