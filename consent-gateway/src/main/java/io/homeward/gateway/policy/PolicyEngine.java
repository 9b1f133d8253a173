package io.homeward.gateway.policy;

/**
 * Decides whether a request may go ahead. Default deny: anything no policy permits is refused, and
 * a {@code forbid} always beats a {@code permit}. Implementations are thread-safe.
 */
public interface PolicyEngine {
  PolicyDecision decide(PolicyRequest request);

  /** The version of the loaded policy set (recorded with every decision). */
  String version();
}
