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

  /**
   * Distinct probe faces one user may search with per day, across all cases, so that opening new
   * cases does not bring unlimited probes (rule 16). A face searched again the same day, in any
   * case, does not count twice.
   */
  @WithDefault("60")
  int probesPerDay();

  /**
   * New cases one user may register per day (rule 16): each case brings its own allowance of probes
   * ({@link #probesPerCase()}), so the number of cases is limited too.
   */
  @WithDefault("20")
  int casesPerDay();

  /**
   * Photos one user may enrol per day. Each enrolled face triggers a standing search on the other
   * side, so this is also the user's daily budget of standing searches (rule 16).
   */
  @WithDefault("100")
  int enrolmentsPerDay();

  /** Images (clear or blurred) one user may view per day (rule 16). */
  @WithDefault("200")
  int imageViewsPerDay();
}
