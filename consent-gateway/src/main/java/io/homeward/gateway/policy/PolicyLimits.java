package io.homeward.gateway.policy;

/**
 * The configured numbers the policies compare usage against (PRIVACY.md rule 16: each number is
 * configuration). They reach Cedar as {@code context.limits}.
 *
 * @param searchesPerDay searches one user may run per day
 * @param probesPerCase distinct probe faces one case may be searched with
 */
public record PolicyLimits(int searchesPerDay, int probesPerCase) {
  /** The defaults of PRIVACY.md rule 16. */
  public static final PolicyLimits DEFAULTS = new PolicyLimits(30, 20);

  public PolicyLimits {
    if (searchesPerDay < 1 || probesPerCase < 1) {
      throw new IllegalArgumentException("policy limits must be positive");
    }
  }
}
