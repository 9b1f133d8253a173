package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Deadlines of the gateway's calls to the embedder and the search service. */
@ConfigMapping(prefix = "homeward.gateway.clients")
public interface ClientConfig {
  /** Deadline of one embedding call (a photo through detection, alignment and the model). */
  @WithDefault("30s")
  Duration embedderDeadline();

  /** Deadline of one search-service call. */
  @WithDefault("15s")
  Duration searchDeadline();
}
