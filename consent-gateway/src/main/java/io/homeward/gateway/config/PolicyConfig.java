package io.homeward.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The policy engine: where the Cedar policies come from and the numbers they compare against. */
@ConfigMapping(prefix = "homeward.gateway.policy")
public interface PolicyConfig {
  /**
   * A directory holding {@code homeward.cedarschema}, the {@code *.cedar} policy files and a {@code
   * VERSION} file, replacing the policies shipped on the classpath. The gateway refuses to start if
   * any policy there does not validate.
   */
  Optional<Path> dir();

  /** Searches one user may run per day before searching is refused (PRIVACY.md rule 16). */
  @WithDefault("30")
  int searchesPerDay();

  /** Distinct probe faces one case may be searched with (PRIVACY.md rule 16). */
  @WithDefault("20")
  int probesPerCase();
}
