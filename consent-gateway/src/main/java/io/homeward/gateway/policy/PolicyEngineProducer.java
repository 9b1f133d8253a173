package io.homeward.gateway.policy;

import io.homeward.gateway.config.PolicyConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Loads the policy set once, at start-up, so that a policy that does not validate stops the start.
 */
@Singleton
public class PolicyEngineProducer {
  @Produces
  @Singleton
  @Startup
  PolicyEngine policyEngine(PolicyConfig config) {
    PolicyLimits limits = new PolicyLimits(config.searchesPerDay(), config.probesPerCase());
    return config
        .dir()
        .map(dir -> (PolicyEngine) CedarPolicyEngine.fromDirectory(dir, limits))
        .orElseGet(() -> CedarPolicyEngine.fromClasspath(limits));
  }
}
