package io.homeward.embedder.telemetry;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** Where the embedder's trace spans go. */
@ConfigMapping(prefix = "homeward.traces")
public interface TraceConfig {
  /**
   * The collector's OTLP/HTTP traces endpoint (e.g. {@code http://otel-collector:4318/v1/traces}).
   * Absent on one machine: spans are still made (their trace ids tie one request's log lines
   * together across the services) but sent nowhere, and nothing connects anywhere.
   */
  Optional<URI> otlpEndpoint();
}
