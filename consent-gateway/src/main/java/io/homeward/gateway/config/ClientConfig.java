package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the gateway calls the embedder and the search service: deadlines, retries of idempotent calls
 * and the circuit breaker in front of each service.
 */
@ConfigMapping(prefix = "homeward.gateway.clients")
public interface ClientConfig {
  /** Deadline of one embedding call (a photo through detection, alignment and the model). */
  @WithDefault("30s")
  Duration embedderDeadline();

  /** Deadline of one search-service call. */
  @WithDefault("15s")
  Duration searchDeadline();

  /** Retries of idempotent calls that failed for a transient reason. */
  Retry retry();

  /** The circuit breaker in front of each service (one per service). */
  Breaker breaker();

  /** Retries with exponential backoff. */
  interface Retry {
    /** Attempts after the first one; 0 turns retries off. */
    @WithDefault("2")
    int maxRetries();

    /** Wait before the first retry; doubled for each further one, up to {@link #maxDelay()}. */
    @WithDefault("200ms")
    Duration initialDelay();

    /** Longest wait between two attempts. */
    @WithDefault("2s")
    Duration maxDelay();
  }

  /** A breaker opens when too many recent calls failed, and then refuses calls at once. */
  interface Breaker {
    /** Calls in the rolling window over which the failure ratio is computed. */
    @WithDefault("10")
    int requestVolume();

    /** Share (0-1) of failed calls in the window that opens the breaker. */
    @WithDefault("0.5")
    double failureRatio();

    /** How long an open breaker refuses calls before it lets one trial call through. */
    @WithDefault("10s")
    Duration delay();
  }
}
