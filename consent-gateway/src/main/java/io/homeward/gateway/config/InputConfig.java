package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the gateway accepts as input before any rule looks at it: the substance of a written
 * justification and the size of request bodies (issue 11).
 */
@ConfigMapping(prefix = "homeward.gateway.input")
public interface InputConfig {
  /**
   * The fewest characters, after trimming, a written justification has (a vital emergency, rule 2;
   * an override). A blank or token justification is no justification.
   */
  @WithDefault("20")
  int justificationMinLength();

  /**
   * The largest body, in bytes, of a request that is not an image upload (JSON). Larger bodies are
   * answered 413 before they are read.
   */
  @WithDefault("65536")
  long jsonBodyMaxBytes();

  /**
   * The largest image upload, in bytes (enrolment, one-time search). Keep {@code
   * quarkus.http.limits.max-body-size} a little above it, so that the gateway, not the HTTP layer,
   * answers.
   */
  @WithDefault("20971520")
  long imageBodyMaxBytes();
}
