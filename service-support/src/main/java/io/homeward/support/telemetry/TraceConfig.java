package io.homeward.support.telemetry;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** Where a service's trace spans go; the same key in every service. */
@ConfigMapping(prefix = "homeward.traces")
public interface TraceConfig {
  /**
   * The collector's OTLP/HTTP traces endpoint (e.g. {@code http://otel-collector:4318/v1/traces}).
   * Absent on one machine: spans are still made (their trace ids tie one request's log lines and
   * problem bodies together across the services) but sent nowhere, and nothing connects anywhere.
   */
  Optional<URI> otlpEndpoint();
}
