package io.homeward.gateway.telemetry;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** Where the gateway's trace spans go. */
@ConfigMapping(prefix = "homeward.traces")
public interface TraceConfig {
  /**
   * The collector's OTLP/HTTP traces endpoint (e.g. {@code http://otel-collector:4318/v1/traces}).
   * Absent on one machine: spans are still made (their trace ids correlate logs and problems, and
   * travel to the other services) but sent nowhere, and nothing connects anywhere.
   */
  Optional<URI> otlpEndpoint();
}
